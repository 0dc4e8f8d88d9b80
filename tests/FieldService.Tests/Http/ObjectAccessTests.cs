using System.Net;
using System.Text.Json.Nodes;
using FieldService.Tests.Infrastructure;

namespace FieldService.Tests.Http;

/// <summary>OWASP API1 and H3 over HTTP: callers reach only their own objects; contact data is shown only to those
/// who need it. An object a caller may not reach answers 404, exactly like one that does not exist.</summary>
public sealed class ObjectAccessTests : IAsyncLifetime
{
    private readonly AppFactory factory = new();
    private ApiClient operatorApi = null!;

    public async Task InitializeAsync() => operatorApi = await factory.Personas.OperatorAsync();

    public async Task DisposeAsync() => await factory.DisposeAsync();

    private async Task<string> DispatchedOrderAsync(string technicianId, ApiClient reporter)
    {
        await operatorApi.PutAsync($"/api/technicians/{technicianId}", Intakes.Technician(), HttpStatusCode.Created);
        var id = await reporter.ReportAsync();
        await operatorApi.PostAsync($"/api/work-orders/{id}/triage", new { onSite = true });
        await operatorApi.PostAsync($"/api/work-orders/{id}/dispatch", new { technicianId });
        return id;
    }

    private static IEnumerable<string> Ids(JsonObject page) => ((JsonArray)page["items"]!).Select(o => (string)o!["id"]!);

    [Fact]
    public async Task A_customer_sees_and_lists_only_their_own_orders()
    {
        var alice = await factory.Personas.CustomerAsync("c-alice");
        var bob = await factory.Personas.CustomerAsync("c-bob");
        var mine = await alice.ReportAsync();
        var theirs = await bob.ReportAsync();

        await alice.GetAsync($"/api/work-orders/{mine}");
        await alice.GetAsync($"/api/work-orders/{theirs}", HttpStatusCode.NotFound);
        await alice.GetAsync($"/api/work-orders/{theirs}/history", HttpStatusCode.NotFound);
        Assert.Equal([mine], Ids(await alice.GetAsync("/api/work-orders")));
        Assert.Equal([mine], Ids(await alice.GetAsync("/api/work-orders?technicianId=")));
    }

    [Fact]
    public async Task A_customer_cannot_report_for_another_customer_account()
    {
        var alice = await factory.Personas.CustomerAsync("c-alice");
        var body = Intakes.Body();
        body["customerId"] = "c-bob";

        var order = await alice.PostAsync("/api/work-orders", body, HttpStatusCode.Created);

        Assert.Equal("c-alice", (string?)order["customerId"]);
    }

    [Fact]
    public async Task P3_a_technician_cannot_accept_another_technicians_offer_or_see_their_orders()
    {
        var id = await DispatchedOrderAsync("t-1", await factory.Personas.AgentAsync());
        await operatorApi.PutAsync("/api/technicians/t-2", Intakes.Technician(), HttpStatusCode.Created);
        var assigned = await factory.Personas.TechnicianAsync("t-1");
        var other = await factory.Personas.TechnicianAsync("t-2");

        await other.PostAsync($"/api/work-orders/{id}/accept", null, HttpStatusCode.NotFound);
        await other.GetAsync($"/api/work-orders/{id}", HttpStatusCode.NotFound);
        Assert.Empty(Ids(await other.GetAsync("/api/work-orders?technicianId=t-1")));
        Assert.Equal("accepted", (string?)(await assigned.PostAsync($"/api/work-orders/{id}/accept", null))["status"]);
        Assert.Equal([id], Ids(await assigned.GetAsync("/api/work-orders")));
    }

    [Fact]
    public async Task A_technician_reads_and_updates_only_their_own_record()
    {
        await operatorApi.PutAsync("/api/technicians/t-1", Intakes.Technician(), HttpStatusCode.Created);
        await operatorApi.PutAsync("/api/technicians/t-2", Intakes.Technician(), HttpStatusCode.Created);
        await operatorApi.PutAsync("/api/technicians/t-2", Intakes.Technician(capacity: 3), HttpStatusCode.OK);
        var me = await factory.Personas.TechnicianAsync("t-1");

        await me.GetAsync("/api/technicians/t-1");
        await me.PostAsync("/api/technicians/t-1/location", new { lat = 31.2, lon = 121.4 });
        await me.PostAsync("/api/technicians/t-1/status", new { status = "off-shift" });
        await me.GetAsync("/api/technicians/t-2", HttpStatusCode.NotFound);
        await me.PostAsync("/api/technicians/t-2/location", new { lat = 31.2, lon = 121.4 }, HttpStatusCode.NotFound);
        await me.PostAsync("/api/technicians/t-2/status", new { status = "on-leave" }, HttpStatusCode.NotFound);
        Assert.Equal("available", (string?)(await operatorApi.GetAsync("/api/technicians/t-2"))["status"]);
    }

    [Fact]
    public async Task H3_contact_data_is_shown_only_to_those_who_need_it()
    {
        var customer = await factory.Personas.CustomerAsync("c-alice");
        var id = await DispatchedOrderAsync("t-1", customer);
        var readers = new Dictionary<string, ApiClient>
        {
            ["customer"] = customer,
            ["agent"] = await factory.Personas.AgentAsync(),
            ["dispatcher"] = await factory.Personas.DispatcherAsync(),
            ["assigned technician"] = await factory.Personas.TechnicianAsync("t-1"),
            ["inspector"] = await factory.Personas.AsAsync("i-1", Roles.Inspector),
            ["manager"] = await factory.Personas.AsAsync("m-1", Roles.Manager),
            ["auditor"] = await factory.Personas.AsAsync("au-1", Roles.Auditor),
        };

        var phones = new Dictionary<string, string?>();
        foreach (var (who, client) in readers)
        {
            phones[who] = (string?)(await client.GetAsync($"/api/work-orders/{id}"))["customer"]!["phone"];
        }

        Assert.Equal("+86 21 5555 0101", phones["customer"]);
        Assert.Equal("+86 21 5555 0101", phones["agent"]);
        Assert.Equal("+86 21 5555 0101", phones["dispatcher"]);
        Assert.Equal("+86 21 5555 0101", phones["assigned technician"]);
        Assert.Equal("•••01", phones["inspector"]);
        Assert.Equal("•••01", phones["manager"]);
        Assert.Equal("•••01", phones["auditor"]);
        var list = (await readers["manager"].GetAsync("/api/work-orders")).ToJsonString();
        var audit = (await readers["auditor"].GetAsync($"/api/audit?workOrderId={id}")).ToJsonString();
        Assert.DoesNotContain("5555", list + audit, StringComparison.Ordinal);
        Assert.DoesNotContain("Riverside", list + audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_actor_comes_from_the_token_not_from_the_body()
    {
        var agent = await factory.Personas.AgentAsync();
        var body = Intakes.Body();
        body["actor"] = new JsonObject { ["id"] = "someone-else", ["role"] = "admin" };
        body["reportedBy"] = "someone-else";

        var order = await agent.PostAsync("/api/work-orders", body, HttpStatusCode.Created);
        var history = (JsonArray)(await agent.GetAsync($"/api/work-orders/{order["id"]}/history"))["items"]!;

        Assert.Equal("agent-1", (string?)order["reportedBy"]);
        Assert.Equal(("agent-1", "agent"), ((string?)history[0]!["actor"]!["id"], (string?)history[0]!["actor"]!["role"]));
    }
}
