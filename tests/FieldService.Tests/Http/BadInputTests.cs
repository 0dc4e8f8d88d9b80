using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FieldService.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace FieldService.Tests.Http;

/// <summary>Every class of bad input gets a clear 4xx problem, and changes nothing.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private readonly AppFactory factory = new();
    private ApiClient api = null!;

    public async Task InitializeAsync() => api = await factory.Personas.OperatorAsync();

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Theory]
    [InlineData("{\"customer\":")]
    [InlineData("not json")]
    [InlineData("{\"customer\":{\"name\":42}}")]
    [InlineData("[1,2,3]")]
    public async Task Malformed_json_is_a_400_problem(string body)
    {
        var problem = await api.PostAsync("/api/work-orders", body, HttpStatusCode.BadRequest);

        Assert.Equal(400, (int)problem["status"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["detail"]));
    }

    [Fact]
    public async Task A_missing_body_is_a_400_problem()
    {
        await api.PostAsync("/api/work-orders", "", HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Invalid_values_are_a_422_problem_naming_each_field()
    {
        var body = Intakes.Body();
        body["priority"] = "urgent";
        body["fault"]!["channel"] = "pigeon";
        body["customer"]!["location"]!["lat"] = 123.0;
        body["requiredSkill"]!["level"] = null;

        var problem = await api.PostAsync("/api/work-orders", body, HttpStatusCode.UnprocessableEntity);

        Assert.Equal(["customer.location.lat", "fault.channel", "priority", "requiredSkill.level"],
            ((JsonObject)problem["errors"]!).Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Contains("emergency, high, normal, low", problem["errors"]!["priority"]![0]!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_values_found_by_the_domain_rules_are_a_422_problem_naming_each_field()
    {
        var body = Intakes.Body("no spaces allowed");
        body["customer"]!["name"] = "";
        body["customer"]!["email"] = "not-an-address";

        var problem = await api.PostAsync("/api/work-orders", body, HttpStatusCode.UnprocessableEntity);

        Assert.Equal(["customer.email", "customer.name", "region"],
            ((JsonObject)problem["errors"]!).Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_unknown_work_order_is_a_404_problem()
    {
        await api.GetAsync("/api/work-orders/does-not-exist", HttpStatusCode.NotFound);
        await api.GetAsync("/api/work-orders/does-not-exist/history", HttpStatusCode.NotFound);
        await api.PostAsync("/api/work-orders/does-not-exist/cancel", new { reason = "duplicate" }, HttpStatusCode.NotFound);
        await api.GetAsync("/api/technicians/nobody", HttpStatusCode.NotFound);
        await api.PostAsync("/api/technicians/nobody/status", new { status = "available" }, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_illegal_step_is_a_409_naming_the_current_state_and_changes_nothing()
    {
        var id = await api.ReportAsync();
        var before = await api.GetAsync($"/api/work-orders/{id}");

        var problem = await api.PostAsync($"/api/work-orders/{id}/dispatch", new { technicianId = "t-1" }, HttpStatusCode.Conflict);

        Assert.Equal("reported", (string?)problem["currentStatus"]);
        Assert.Contains("reported", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Equal(before.ToJsonString(), (await api.GetAsync($"/api/work-orders/{id}")).ToJsonString());
    }

    [Fact]
    public async Task A_refused_command_with_invalid_values_changes_nothing()
    {
        var id = await api.ReportAsync();
        await api.PostAsync($"/api/work-orders/{id}/triage", new { onSite = true });
        var before = await api.GetAsync($"/api/work-orders/{id}");

        await api.PostAsync($"/api/work-orders/{id}/dispatch", new { technicianId = "nobody-registered" }, HttpStatusCode.UnprocessableEntity);
        await api.PostAsync($"/api/work-orders/{id}/cancel", new { reason = "" }, HttpStatusCode.UnprocessableEntity);

        Assert.Equal(before.ToJsonString(), (await api.GetAsync($"/api/work-orders/{id}")).ToJsonString());
    }

    [Fact]
    public async Task Clients_cannot_set_status_id_timestamps_or_actor()
    {
        var body = Intakes.Body();
        body["id"] = "chosen-by-client";
        body["status"] = "closed";
        body["reportedAt"] = "2000-01-01T00:00:00Z";
        body["reportedBy"] = "someone-else";
        body["version"] = 99;

        var order = await api.PostAsync("/api/work-orders", body, HttpStatusCode.Created);

        Assert.NotEqual("chosen-by-client", (string?)order["id"]);
        Assert.Equal(("reported", "operator-1", 1), ((string?)order["status"], (string?)order["reportedBy"], (int)order["version"]!));
        Assert.Equal(ClusterFixture.Start, ApiClient.Read<DateTimeOffset>(order["reportedAt"]!));
    }

    [Theory]
    [InlineData("/api/work-orders?status=lost", "status")]
    [InlineData("/api/work-orders?pageSize=1000", "pageSize")]
    [InlineData("/api/work-orders?page=0", "page")]
    [InlineData("/api/audit?from=2026-11-27T10:00:00Z&to=2026-11-27T09:00:00Z", "to")]
    public async Task Invalid_query_values_are_a_422_problem_naming_the_parameter(string path, string field)
    {
        var problem = await api.GetAsync(path, HttpStatusCode.UnprocessableEntity);

        Assert.NotNull(problem["errors"]![field]);
    }

    [Theory]
    [InlineData("/api/work-orders?page=abc")]
    [InlineData("/api/audit?from=yesterday")]
    public async Task Unreadable_query_values_are_a_400_problem(string path)
    {
        await api.GetAsync(path, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_bad_idempotency_key_is_a_400_problem()
    {
        await api.PostAsync("/api/work-orders", Intakes.Body(), HttpStatusCode.BadRequest,
            new Dictionary<string, string> { ["Idempotency-Key"] = new string('k', 300) });
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_415_problem()
    {
        using var response = await api.Http.PostAsync("/api/work-orders", new StringContent("x", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_technician_profile_names_every_invalid_field_and_a_bad_id_is_refused()
    {
        var profile = Intakes.Technician();
        profile["capacity"] = 0;
        profile["shift"] = new JsonObject { ["start"] = "8 o'clock", ["end"] = "17:00" };
        profile["skills"] = new JsonArray();

        var problem = await api.PutAsync("/api/technicians/t-bad", profile, HttpStatusCode.UnprocessableEntity);
        await api.PutAsync("/api/technicians/has%20space", Intakes.Technician(), HttpStatusCode.UnprocessableEntity);

        Assert.Equal(["shift.start"], ((JsonObject)problem["errors"]!).Select(e => e.Key));
        profile["shift"] = null;
        var domain = await api.PutAsync("/api/technicians/t-bad", profile, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["capacity", "skills"], ((JsonObject)domain["errors"]!).Select(e => e.Key).Order(StringComparer.Ordinal));
        await api.GetAsync("/api/technicians/t-bad", HttpStatusCode.NotFound);
    }

    /// <summary>Sends hostile payloads to every endpoint the app maps: none may answer 5xx.</summary>
    [Fact]
    public async Task No_input_produces_a_500()
    {
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("api/", StringComparison.Ordinal) || e.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal))
            .ToList();
        var bodies = new[] { "", "{", "null", "[]", "0", "\"text\"", "{\"a\":1}", "{\"reason\":null,\"parts\":[null],\"skills\":[null],\"estimate\":{}}",
            "{\"lat\":1e400}", "{\"satisfaction\":99999999999}", "{\"capacity\":-1,\"home\":{}}" };
        var ids = new[] { "x", "does-not-exist", new string('a', 300), "%25", "..", "demo" };
        var failures = new List<string>();
        var everyone = await factory.Personas.AsAsync("everyone", string.Join('+', Roles.All), technicianId: "t-1", customerId: "c-1");
        foreach (var endpoint in endpoints)
        {
            var method = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Single();
            foreach (var id in ids)
            {
                var path = "/" + endpoint.RoutePattern.RawText!.TrimStart('/').Replace("{id}", id, StringComparison.Ordinal);
                foreach (var body in method == "GET" ? [""] : bodies)
                {
                    using var request = new HttpRequestMessage(new HttpMethod(method), path + "?page=-1&status=%FF&from=x");
                    if (method != "GET")
                    {
                        request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                    }

                    using var response = await everyone.Http.SendAsync(request);
                    if ((int)response.StatusCode >= 500)
                    {
                        failures.Add($"{method} {path} body {body} -> {(int)response.StatusCode}");
                    }
                }
            }
        }

        Assert.True(endpoints.Count >= 25, $"expected every API endpoint to be found, got {endpoints.Count}");
        Assert.Empty(failures);
    }

    [Theory]
    [InlineData("P100000Y")]
    [InlineData("P10675199DT3H")]
    [InlineData("P10675199D")]
    [InlineData("P400D")]
    public async Task Issue12_8_an_estimate_longer_than_a_year_is_a_422_naming_the_duration(string duration)
    {
        var (id, technician) = await OnSiteAsync();

        var problem = await technician.PostAsync($"/api/work-orders/{id}/diagnosis",
            new { cause = "control board", complex = true, estimate = new { duration, cost = 450 } }, HttpStatusCode.UnprocessableEntity);

        Assert.Equal(["estimate.duration"], ((JsonObject)problem["errors"]!).Select(e => e.Key));
        Assert.Equal("on-site", (string?)(await api.GetAsync($"/api/work-orders/{id}"))["status"]);
    }

    [Fact]
    public async Task Issue12_8_an_eta_or_new_eta_in_the_past_is_a_422_naming_it()
    {
        var (id, technician) = await DispatchedAsync();
        await technician.PostAsync($"/api/work-orders/{id}/accept", null);
        var past = factory.Time.GetUtcNow().AddMinutes(-5);

        var eta = await technician.PostAsync($"/api/work-orders/{id}/en-route", new { eta = past }, HttpStatusCode.UnprocessableEntity);
        var farAhead = await technician.PostAsync($"/api/work-orders/{id}/en-route", new { eta = DateTimeOffset.MaxValue }, HttpStatusCode.UnprocessableEntity);
        await technician.PostAsync($"/api/work-orders/{id}/en-route", new { eta = factory.Time.GetUtcNow().AddHours(1) });
        var newEta = await technician.PostAsync($"/api/work-orders/{id}/delay", new { newEta = past, reason = "traffic" }, HttpStatusCode.UnprocessableEntity);

        Assert.Equal(["eta"], ((JsonObject)eta["errors"]!).Select(e => e.Key));
        Assert.Equal(["eta"], ((JsonObject)farAhead["errors"]!).Select(e => e.Key));
        Assert.Equal(["newEta"], ((JsonObject)newEta["errors"]!).Select(e => e.Key));
    }

    [Theory]
    [InlineData("/api/audit?from=2026-11-27T10:00:00Z&to=2026-11-27T09:00:00Z")]
    [InlineData("/api/parts/FAN-1/ledger?from=2026-11-27T10:00:00Z&to=2026-11-27T09:00:00Z")]
    [InlineData("/api/parts-report?from=2026-11-27T10:00:00Z&to=2026-11-27T09:00:00Z")]
    [InlineData("/api/reports/compliance?from=2026-11-27T10:00:00Z&to=2026-11-27T09:00:00Z")]
    [InlineData("/api/reports/technicians?from=2026-11-27T10:00:00Z&to=2026-11-27T09:00:00Z")]
    [InlineData("/api/reports/kpis?from=2026-11-27T10:00:00Z&to=2026-11-27T09:00:00Z")]
    [InlineData("/api/technicians/t-1/assessment?from=2026-11-27T10:00:00Z&to=2026-11-27T09:00:00Z")]
    public async Task Issue12_8_a_reversed_range_is_a_422_on_every_range_query(string path)
    {
        await api.PutAsync("/api/technicians/t-1", Intakes.Technician(), HttpStatusCode.Created);
        var store = await factory.Personas.AsAsync("store-1", Roles.Storekeeper);
        await store.PutAsync("/api/parts/FAN-1", new { name = "Fan motor", unit = "pc", unitCost = 42.5, categories = new[] { "hvac" }, critical = false, partClass = "B" });

        var problem = await api.GetAsync(path, HttpStatusCode.UnprocessableEntity);

        Assert.True(problem["errors"]!["to"] is not null || problem["errors"]!["from"] is not null, problem.ToJsonString());
    }

    [Fact]
    public async Task Issue12_8_a_nul_character_in_any_text_is_a_422_naming_the_field()
    {
        var body = Intakes.Body();
        body["customer"]!["name"] = "Harbour\0Hotel";
        body["fault"]!["description"] = "warm\0air";
        var intake = await api.PostAsync("/api/work-orders", body, HttpStatusCode.UnprocessableEntity);
        var (id, technician) = await DispatchedAsync();
        await Walks.ToRepairAsync(technician, id);
        var complete = await technician.PostAsync($"/api/work-orders/{id}/complete",
            new { checklist = new[] { new { itemId = "a", passed = true, note = "fine\0" } }, notes = "ok" }, HttpStatusCode.UnprocessableEntity);
        var query = await api.GetAsync("/api/work-orders?region=north%00", HttpStatusCode.UnprocessableEntity);
        var roster = await (await factory.Personas.AsAsync("em-1", Roles.Emergency)).PutAsync("/api/emergency/roster",
            new { members = new[] { new { id = "em-1", name = "Zhou\0", role = "lead", onCall = true } } }, HttpStatusCode.UnprocessableEntity);

        Assert.Equal(["customer.name", "fault.description"], ((JsonObject)intake["errors"]!).Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Equal(["checklist[0].note"], ((JsonObject)complete["errors"]!).Select(e => e.Key));
        Assert.Equal(["region"], ((JsonObject)query["errors"]!).Select(e => e.Key));
        Assert.Equal(["members[0].name"], ((JsonObject)roster["errors"]!).Select(e => e.Key));
        Assert.Equal("in-repair", (string?)(await api.GetAsync($"/api/work-orders/{id}"))["status"]);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"members\":null}")]
    [InlineData("{\"members\":[]}")]
    [InlineData("{\"members\":[{\"id\":\"em-2\",\"name\":\"Sun Li\",\"role\":\"coordinator\",\"onCall\":false}]}")]
    public async Task Issue12_8_E1_a_roster_without_anyone_on_call_is_a_422_and_keeps_the_roster(string body)
    {
        var emergency = await factory.Personas.AsAsync("em-1", Roles.Emergency);
        await emergency.PutAsync("/api/emergency/roster", new { members = new[] { new { id = "em-1", name = "Zhou Qiang", role = "lead", onCall = true } } });

        var problem = await emergency.PutAsync("/api/emergency/roster", JsonNode.Parse(body), HttpStatusCode.UnprocessableEntity);

        Assert.NotNull(problem["errors"]!["members"]);
        Assert.Equal(["em-1"], ((JsonArray)(await emergency.GetAsync("/api/emergency/roster"))["items"]!).Select(m => (string?)m!["id"]));
    }

    private async Task<(string Id, ApiClient Technician)> DispatchedAsync()
    {
        await api.PutAsync("/api/technicians/t-1", Intakes.Technician(), HttpStatusCode.Created);
        var id = await api.ReportAsync();
        await api.PostAsync($"/api/work-orders/{id}/triage", new { onSite = true });
        await api.PostAsync($"/api/work-orders/{id}/dispatch", new { technicianId = "t-1" });
        return (id, await factory.Personas.TechnicianAsync("t-1"));
    }

    private async Task<(string Id, ApiClient Technician)> OnSiteAsync()
    {
        var (id, technician) = await DispatchedAsync();
        foreach (var command in new[] { "accept", "en-route", "arrive" })
        {
            await technician.PostAsync($"/api/work-orders/{id}/{command}", command == "en-route" ? new { } : null);
        }

        return (id, technician);
    }
}
