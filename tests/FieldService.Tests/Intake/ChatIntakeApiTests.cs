using System.Net;
using System.Text.Json.Nodes;
using FieldService.Tests.Infrastructure;

namespace FieldService.Tests.Intake;

/// <summary>Issue 16.3 (CS1): chat platforms post customers' messages signed with their integration's secret; a message
/// is taken in once by its id, a follow-up joins the open order, and anything not signed right is a 401 that changes nothing.</summary>
public sealed class ChatIntakeApiTests : HostedTests
{
    protected override IReadOnlyDictionary<string, string>? Settings => new Dictionary<string, string>([ChatPosts.Setting]);

    private static JsonObject Message(string id, string text, string? serial = null) => ChatPosts.Message(id, text, serial);

    private Task<HttpResponseMessage> PostAsync(JsonObject body, string secret = ChatPosts.Secret, string integration = ChatPosts.Integration, TimeSpan? age = null, string? signature = null) =>
        ChatPosts.PostAsync(Factory, body, secret, integration, age, signature);

    private static async Task<JsonObject> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return (JsonObject)JsonNode.Parse(text)!;
    }

    [Fact]
    public async Task CS1_a_signed_chat_message_makes_an_order_once_however_often_it_is_posted_and_a_follow_up_joins_it()
    {
        var first = await ReadAsync(await PostAsync(Message("m-1", "The fridge FR-20 is not cooling", serial: null)), HttpStatusCode.OK);
        var replay = await ReadAsync(await PostAsync(Message("m-1", "The fridge FR-20 is not cooling")), HttpStatusCode.OK);
        var followUp = await ReadAsync(await PostAsync(Message("m-2", "Still warm this evening")), HttpStatusCode.OK);

        var id = (string)first["workOrderId"]!;
        Assert.Equal(("new-order", false), ((string?)first["outcome"], (bool?)first["replayed"]));
        Assert.Equal((id, "new-order", true), ((string?)replay["workOrderId"], (string?)replay["outcome"], (bool?)replay["replayed"]));
        Assert.Equal((id, "follow-up", false), ((string?)followUp["workOrderId"], (string?)followUp["outcome"], (bool?)followUp["replayed"]));

        var agent = await Factory.Personas.AgentAsync();
        var order = await agent.GetAsync($"/api/work-orders/{id}");
        Assert.Equal(("reported", "chat", "dana@example.com"), ((string?)order["status"], (string?)order["fault"]!["channel"], (string?)order["customer"]!["email"]));
        Assert.Equal(["m-1", "m-2"], order["thread"]!.AsArray().Select(m => (string?)m!["messageId"]));
        var listed = await agent.GetAsync("/api/work-orders?region=north&pageSize=100");
        Assert.Single(listed["items"]!.AsArray(), o => (string?)o!["customerName"] == "Dana Li");
    }

    [Fact]
    public async Task CS1_a_message_not_signed_by_a_known_integration_is_401_and_changes_nothing()
    {
        var body = Message("m-bad", "Please call me");

        foreach (var refused in new[]
        {
            await PostAsync(body, secret: "another-secret-of-at-least-32-bytes-long"),
            await PostAsync(body, integration: "elsewhere"),
            await PostAsync(body, age: TimeSpan.FromMinutes(6)), // a captured request replayed later
            await PostAsync(body, signature: "sha256=00"),
        })
        {
            var problem = await ReadAsync(refused, HttpStatusCode.Unauthorized);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Equal(401, (int?)problem["status"]);
        }

        var agent = await Factory.Personas.AgentAsync();
        var listed = await agent.GetAsync("/api/work-orders?pageSize=100");
        Assert.Empty(listed["items"]!.AsArray());
    }

    [Fact]
    public async Task CS1_a_signed_message_without_text_or_sender_is_422_by_its_fields()
    {
        var body = new JsonObject { ["messageId"] = "m-empty", ["sender"] = new JsonObject { ["name"] = "X" }, ["text"] = "" };

        var problem = await ReadAsync(await PostAsync(body), HttpStatusCode.UnprocessableEntity);

        Assert.Equal(["sender.email", "text"], problem["errors"]!.AsObject().Select(e => e.Key).Order());
    }
}
