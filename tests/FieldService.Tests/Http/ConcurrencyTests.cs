using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FieldService.Tests.Infrastructure;

namespace FieldService.Tests.Http;

/// <summary>Issue 13.5, optimistic concurrency: a read's ETag is the order's version; a command whose If-Match no
/// longer names it answers 412 and changes nothing, so two people editing one order cannot overwrite each other's view.</summary>
public class ConcurrencyTests : HostedTests
{
    private ApiClient staff = null!;

    protected override async Task StartAsync() => staff = await Factory.Personas.OperatorAsync();

    [Fact]
    public async Task Concurrency_a_read_answers_the_order_version_as_a_strong_ETag()
    {
        var created = await SendAsync(staff, HttpMethod.Post, "/api/work-orders", Intakes.Body());
        var id = (string)created.Body["id"]!;

        var read = await SendAsync(staff, HttpMethod.Get, $"/api/work-orders/{id}");

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal($"\"{(long)read.Body["version"]!}\"", read.ETag);
        Assert.Equal(created.ETag, read.ETag);
        Assert.False(read.Response.Headers.ETag!.IsWeak);
    }

    [Fact]
    public async Task Concurrency_a_command_with_a_stale_If_Match_answers_412_and_changes_nothing()
    {
        var id = await staff.ReportAsync();
        var first = await Factory.Personas.AsAsync("agent-first", Roles.Agent);
        var second = await Factory.Personas.AsAsync("agent-second", Roles.Agent);
        var firstRead = await SendAsync(first, HttpMethod.Get, $"/api/work-orders/{id}");
        var secondRead = await SendAsync(second, HttpMethod.Get, $"/api/work-orders/{id}");

        var triaged = await SendAsync(first, HttpMethod.Post, $"/api/work-orders/{id}/triage", new { onSite = true, notes = "needs a visit" }, firstRead.ETag);
        // Cancelling is legal from triaged too: only the precondition stands between the second agent and the order.
        var stale = await SendAsync(second, HttpMethod.Post, $"/api/work-orders/{id}/cancel", new { reason = "customer fixed it" }, secondRead.ETag);
        var after = await SendAsync(staff, HttpMethod.Get, $"/api/work-orders/{id}");
        var history = (JsonArray)(await staff.GetAsync($"/api/work-orders/{id}/history"))["items"]!;

        Assert.Equal(secondRead.ETag, firstRead.ETag);
        Assert.Equal(HttpStatusCode.OK, triaged.Status);
        Assert.NotEqual(firstRead.ETag, triaged.ETag);
        Assert.Equal($"\"{(long)triaged.Body["version"]!}\"", triaged.ETag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.Status);
        Assert.Equal("application/problem+json", stale.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(412, (int)stale.Body["status"]!);
        Assert.False(string.IsNullOrEmpty((string?)stale.Body["type"]), "a problem of RFC 9457 names its type");
        Assert.False(string.IsNullOrEmpty((string?)stale.Body["title"]), "a problem of RFC 9457 has a title");
        Assert.Equal((long)triaged.Body["version"]!, (long)stale.Body["currentVersion"]!);
        Assert.Equal("triaged", (string?)stale.Body["currentStatus"]);
        Assert.Contains($"version {(long)triaged.Body["version"]!}", (string?)stale.Body["detail"], StringComparison.Ordinal);
        Assert.Equal(("triaged", triaged.ETag), ((string?)after.Body["status"], after.ETag));
        Assert.DoesNotContain(history, e => (string?)e!["action"] == "cancel");

        // Having read again, the second agent acts on what the order is now.
        var reread = await SendAsync(second, HttpMethod.Get, $"/api/work-orders/{id}");
        var cancelled = await SendAsync(second, HttpMethod.Post, $"/api/work-orders/{id}/cancel", new { reason = "customer fixed it" }, reread.ETag);
        Assert.Equal((HttpStatusCode.OK, "cancelled"), (cancelled.Status, (string?)cancelled.Body["status"]));
    }

    [Fact]
    public async Task Concurrency_of_simultaneous_commands_naming_one_version_exactly_one_is_taken()
    {
        await staff.PutAsync("/api/technicians/t-race", Intakes.Technician(), HttpStatusCode.Created);
        var (id, technician) = await Walks.InRepairAsync(Factory.Personas, staff, "t-race", Intakes.Body());
        var read = await SendAsync(technician, HttpMethod.Get, $"/api/work-orders/{id}");

        // Progress is legal again and again in repair: without an atomic check every one of these would be taken.
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            SendAsync(technician, HttpMethod.Post, $"/api/work-orders/{id}/progress", new { note = $"note {i}" }, read.ETag)));
        var history = (JsonArray)(await staff.GetAsync($"/api/work-orders/{id}/history"))["items"]!;

        Assert.Equal(1, answers.Count(a => a.Status == HttpStatusCode.OK));
        Assert.Equal(7, answers.Count(a => a.Status == HttpStatusCode.PreconditionFailed));
        Assert.Single(history, e => (string?)e!["action"] == "progress");
    }

    [Fact]
    public async Task Concurrency_If_Match_star_matches_any_existing_order()
    {
        var id = await staff.ReportAsync();
        await staff.PostAsync($"/api/work-orders/{id}/triage", new { onSite = true });

        var cancelled = await SendAsync(staff, HttpMethod.Post, $"/api/work-orders/{id}/cancel", new { reason = "duplicate" }, "*");
        var unknown = await SendAsync(staff, HttpMethod.Post, "/api/work-orders/no-such-order/cancel", new { reason = "duplicate" }, "*");

        Assert.Equal((HttpStatusCode.OK, "cancelled"), (cancelled.Status, (string?)cancelled.Body["status"]));
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("W/\"1\"")]
    [InlineData("\"abc\"")]
    [InlineData("\"-1\"")]
    [InlineData("\"1\", \"2\"")]
    [InlineData("\"1")]
    public async Task Concurrency_a_malformed_If_Match_answers_400_and_changes_nothing(string ifMatch)
    {
        var id = await staff.ReportAsync();
        var before = await SendAsync(staff, HttpMethod.Get, $"/api/work-orders/{id}");

        var refused = await SendAsync(staff, HttpMethod.Post, $"/api/work-orders/{id}/triage", new { onSite = true }, ifMatch);
        var after = await SendAsync(staff, HttpMethod.Get, $"/api/work-orders/{id}");

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("application/problem+json", refused.Response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("If-Match", (string?)refused.Body["detail"], StringComparison.Ordinal);
        Assert.Equal(("reported", before.ETag), ((string?)after.Body["status"], after.ETag));
    }

    [Fact]
    public async Task Concurrency_a_command_without_If_Match_works_as_before_and_answers_the_new_ETag()
    {
        var id = await staff.ReportAsync();
        var before = await SendAsync(staff, HttpMethod.Get, $"/api/work-orders/{id}");

        var triaged = await SendAsync(staff, HttpMethod.Post, $"/api/work-orders/{id}/triage", new { onSite = true });
        var after = await SendAsync(staff, HttpMethod.Get, $"/api/work-orders/{id}");

        Assert.Equal((HttpStatusCode.OK, "triaged"), (triaged.Status, (string?)triaged.Body["status"]));
        Assert.NotEqual(before.ETag, triaged.ETag);
        Assert.Equal(after.ETag, triaged.ETag);
    }

    [Fact]
    public async Task Concurrency_a_stale_If_Match_on_an_order_the_caller_may_not_see_answers_404()
    {
        var id = await staff.ReportAsync();
        var stale = (await SendAsync(staff, HttpMethod.Get, $"/api/work-orders/{id}")).ETag;
        await staff.PostAsync($"/api/work-orders/{id}/triage", new { onSite = true });
        var stranger = await Factory.Personas.CustomerAsync("c-stranger");

        var refused = await SendAsync(stranger, HttpMethod.Post, $"/api/work-orders/{id}/acceptance",
            new { signedBy = "someone", signature = "data:image/png;base64,iVBORw0KGgo=" }, stale);

        // The precondition must not tell a stranger that the order exists, nor its version.
        Assert.Equal(HttpStatusCode.NotFound, refused.Status);
        Assert.Null(refused.Body["currentVersion"]);
    }

    [Fact]
    public async Task Concurrency_If_None_Match_with_the_current_ETag_answers_304()
    {
        var id = await staff.ReportAsync();
        var read = await SendAsync(staff, HttpMethod.Get, $"/api/work-orders/{id}");

        var unchanged = await SendAsync(staff, HttpMethod.Get, $"/api/work-orders/{id}", ifNoneMatch: read.ETag);
        await staff.PostAsync($"/api/work-orders/{id}/triage", new { onSite = true });
        var changed = await SendAsync(staff, HttpMethod.Get, $"/api/work-orders/{id}", ifNoneMatch: read.ETag);

        Assert.Equal((HttpStatusCode.NotModified, read.ETag), (unchanged.Status, unchanged.ETag));
        Assert.Equal(0, unchanged.Text.Length);
        Assert.Equal((HttpStatusCode.OK, "triaged"), (changed.Status, (string?)changed.Body["status"]));
        Assert.NotEqual(read.ETag, changed.ETag);
    }

    private sealed record Answer(HttpResponseMessage Response, string Text, JsonObject Body)
    {
        public HttpStatusCode Status => Response.StatusCode;

        public string? ETag => Response.Headers.ETag?.ToString();
    }

    /// <summary>One call whose status and headers the test judges itself (the ApiClient asserts a status and hides headers).</summary>
    private static async Task<Answer> SendAsync(ApiClient client, HttpMethod method, string path, object? body = null, string? ifMatch = null, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: FieldServiceJson.Options);
        }

        if (ifMatch is not null)
        {
            Assert.True(request.Headers.TryAddWithoutValidation("If-Match", ifMatch), $"the test could not send If-Match: {ifMatch}");
        }

        if (ifNoneMatch is not null)
        {
            Assert.True(request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch), $"the test could not send If-None-Match: {ifNoneMatch}");
        }

        var response = await client.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Answer(response, text, text.Length == 0 ? [] : (JsonObject)JsonNode.Parse(text)!);
    }
}
