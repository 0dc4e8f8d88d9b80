using System.Net;
using System.Text.Json.Nodes;
using FieldService.Tests.Infrastructure;

namespace FieldService.Tests.Http;

/// <summary>The whole repair process over REST, in the embedded mode.</summary>
public class WorkOrderWalkTests : HostedTests
{
    private ApiClient api = null!;

    protected override async Task StartAsync() => api = await Factory.Personas.OperatorAsync();

    /// <summary>Walks one order from report to close, each step by the role the regulation gives it, and checks on the
    /// way that the wrong role (403) and the wrong technician or customer (404) are refused. Returns the order's id.</summary>
    public static async Task<string> WalkP1ToP9Async(Personas personas, string technicianId, string customerId = "c-walk")
    {
        var manager = await personas.AsAsync("manager-1", Roles.Manager);
        await manager.PutAsync($"/api/technicians/{technicianId}", Intakes.Technician(), HttpStatusCode.Created);
        var customer = await personas.CustomerAsync(customerId);
        var agent = await personas.AgentAsync();
        var dispatcher = await personas.DispatcherAsync();
        var technician = await personas.TechnicianAsync(technicianId);
        var otherTechnician = await personas.TechnicianAsync("t-other");
        var otherCustomer = await personas.CustomerAsync("c-other");
        var inspector = await personas.AsAsync("inspector-1", Roles.Inspector);
        var id = await customer.ReportAsync();
        var steps = new (ApiClient Who, string Command, object? Body, string Status, ApiClient WrongRole, ApiClient? WrongOwner)[]
        {
            (agent, "triage", new { onSite = true, notes = "needs a visit" }, "triaged", technician, null),
            (dispatcher, "dispatch", new { technicianId }, "dispatched", agent, null),
            (technician, "accept", null, "accepted", dispatcher, otherTechnician),
            (technician, "en-route", new { eta = "2026-11-27T10:30:00Z" }, "en-route", customer, otherTechnician),
            (technician, "delay", new { newEta = "2026-11-27T11:00:00Z", reason = "traffic on the ring road" }, "en-route", agent, otherTechnician),
            (technician, "arrive", null, "on-site", dispatcher, otherTechnician),
            (technician, "diagnosis", new { cause = "control board", complex = true, estimate = new { duration = "PT2H", cost = 450.0 } }, "diagnosed", agent, otherTechnician),
            (technician, "start-repair", null, "in-repair", customer, otherTechnician),
            (technician, "progress", new { note = "board ordered" }, "in-repair", agent, otherTechnician),
            (technician, "await-parts", new { parts = new[] { new { sku = "CB-9000", quantity = 1 } } }, "awaiting-parts", dispatcher, otherTechnician),
            (technician, "start-repair", null, "in-repair", agent, otherTechnician),
            // Q3: every completion is inspected here (Quality:Sampling pinned to Always in AppFactory).
            (technician, "complete", Checks.CompleteBody("cooling restored"), "awaiting-inspection", agent, otherTechnician),
            (inspector, "inspection", Checks.PassBody("checked on site"), "completed", technician, null),
            (customer, "acceptance", new { signedBy = "Ms Chen", signature = "data:image/png;base64,iVBORw0KGgo=" }, "customer-accepted", agent, otherCustomer),
            (technician, "cleanup", null, "cleaned-up", customer, otherTechnician),
            (agent, "callback", new { satisfaction = 5, comments = "quick and tidy" }, "closed", technician, null),
        };
        foreach (var (who, command, body, status, wrongRole, wrongOwner) in steps)
        {
            var path = $"/api/work-orders/{id}/{command}";
            await wrongRole.PostAsync(path, body, HttpStatusCode.Forbidden);
            if (wrongOwner is not null)
            {
                await wrongOwner.PostAsync(path, body, HttpStatusCode.NotFound);
            }

            var order = await who.PostAsync(path, body);
            Assert.True(status == (string?)order["status"], $"after {command}: expected {status}, got {order["status"]}");
        }

        return id;
    }

    [Fact]
    public async Task P1_to_P9_a_work_order_travels_from_report_to_close_over_http()
    {
        var id = await WalkP1ToP9Async(Factory.Personas, "t-walk");

        var order = await api.GetAsync($"/api/work-orders/{id}");
        var history = (JsonArray)(await api.GetAsync($"/api/work-orders/{id}/history"))["items"]!;

        Assert.Equal("closed", (string?)order["status"]);
        Assert.Equal("repaired", (string?)order["resolution"]);
        Assert.Equal("PT2H", (string?)order["diagnosis"]!["estimate"]!["duration"]);
        Assert.Equal("Ms Chen", (string?)order["signature"]!["signedBy"]);
        Assert.Equal(5, (int)order["callback"]!["satisfaction"]!);
        // 17 steps, plus what the platform recorded when the repair waited for parts (reserved nothing: none in stock).
        Assert.Equal(18, history.Count);
        Assert.Equal(Enumerable.Range(1, 18), history.Select(e => (int)e!["sequence"]!));
        Assert.Contains(history, e => (string?)e!["action"] == "parts-reserved" && ((string?)e["reason"])!.Contains("short", StringComparison.Ordinal));
        Assert.Equal(0, (int)(await api.GetAsync("/api/technicians/t-walk"))["load"]!);
    }

    [Fact]
    public async Task P1_the_created_order_has_a_location_and_the_reported_contents()
    {
        using var response = await api.Http.PostAsync("/api/work-orders",
            System.Net.Http.Json.JsonContent.Create(Intakes.Body()));
        var order = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/work-orders/{order["id"]}", response.Headers.Location!.OriginalString);
        Assert.Equal("Harbour Hotel", (string?)order["customer"]!["name"]);
        Assert.Equal("reported", (string?)order["status"]);
        Assert.Equal("high", (string?)order["priority"]);
        Assert.Equal("phone", (string?)order["fault"]!["channel"]);
        Assert.Equal(ClusterFixture.Start, ApiClient.Read<DateTimeOffset>(order["reportedAt"]!));
    }

    [Fact]
    public async Task P1_an_idempotency_key_makes_a_retried_intake_return_the_same_order()
    {
        var key = new Dictionary<string, string> { ["Idempotency-Key"] = "intake-" + Guid.NewGuid() };
        var region = "idem-" + Guid.NewGuid().ToString("N")[..6];

        var first = await api.PostAsync("/api/work-orders", Intakes.Body(region), HttpStatusCode.Created, key);
        var retry = await api.PostAsync("/api/work-orders", Intakes.Body(region), HttpStatusCode.Created, key);
        var listed = await api.GetAsync($"/api/work-orders?region={region}");

        Assert.Equal((string?)first["id"], (string?)retry["id"]);
        Assert.Equal(1, (int)listed["total"]!);
    }

    [Fact]
    public async Task P1_an_idempotency_key_reused_for_another_request_is_refused()
    {
        var key = new Dictionary<string, string> { ["Idempotency-Key"] = "intake-" + Guid.NewGuid() };
        await api.PostAsync("/api/work-orders", Intakes.Body("north"), HttpStatusCode.Created, key);

        var problem = await api.PostAsync("/api/work-orders", Intakes.Body("south"), HttpStatusCode.UnprocessableEntity, key);

        Assert.NotNull(problem["errors"]!["Idempotency-Key"]);
    }

    [Fact]
    public async Task The_list_filters_by_status_region_and_technician_and_pages()
    {
        var region = "list-" + Guid.NewGuid().ToString("N")[..6];
        var technicianId = "t-" + Guid.NewGuid().ToString("N")[..6];
        await api.PutAsync($"/api/technicians/{technicianId}", Intakes.Technician(region), HttpStatusCode.Created);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await api.ReportAsync(Intakes.Body(region)));
            await Factory.AdvanceAsync(TimeSpan.FromMinutes(1));
        }

        await api.PostAsync($"/api/work-orders/{ids[0]}/triage", new { onSite = true });
        await api.PostAsync($"/api/work-orders/{ids[0]}/dispatch", new { technicianId });

        var all = await api.GetAsync($"/api/work-orders?region={region}&pageSize=2");
        var second = await api.GetAsync($"/api/work-orders?region={region}&pageSize=2&page=2");
        var reported = await api.GetAsync($"/api/work-orders?region={region}&status=reported");
        var mine = await api.GetAsync($"/api/work-orders?technicianId={technicianId}");

        Assert.Equal(3, (int)all["total"]!);
        Assert.Equal([ids[2], ids[1]], ((JsonArray)all["items"]!).Select(o => (string)o!["id"]!));
        Assert.Equal([ids[0]], ((JsonArray)second["items"]!).Select(o => (string)o!["id"]!));
        Assert.Equal(2, (int)reported["total"]!);
        Assert.Equal([ids[0]], ((JsonArray)mine["items"]!).Select(o => (string)o!["id"]!));
    }

    [Fact]
    public async Task S1_the_audit_trail_answers_by_order_technician_and_time()
    {
        var technicianId = "t-" + Guid.NewGuid().ToString("N")[..6];
        var id = await WalkP1ToP9Async(Factory.Personas, technicianId);
        var from = Uri.EscapeDataString(ClusterFixture.Start.ToString("O"));
        var to = Uri.EscapeDataString(ClusterFixture.Start.AddHours(1).ToString("O"));

        var byOrder = await api.GetAsync($"/api/audit?workOrderId={id}&pageSize=100");
        var byTechnician = await api.GetAsync($"/api/audit?technicianId={technicianId}&pageSize=100");
        var inWindow = await api.GetAsync($"/api/audit?workOrderId={id}&from={from}&to={to}&pageSize=100");
        var before = await api.GetAsync($"/api/audit?workOrderId={id}&to={from}");

        var orderEntries = ((JsonArray)byOrder["items"]!).Where(e => (string?)e!["subjectType"] == "work-order").ToList();
        Assert.Equal(18, orderEntries.Count);
        // Each step by the role that takes it; the platform itself records the parts it reserved.
        Assert.Equal(["user-c-walk", "agent-1", "dispatcher-1", $"user-{technicianId}", "system", "inspector-1"],
            orderEntries.Select(e => (string)e!["actor"]!["id"]!).Distinct());
        Assert.Equal("customer", (string?)orderEntries[0]!["actor"]!["role"]);
        Assert.Contains(((JsonArray)byTechnician["items"]!), e => (string?)e!["action"] == "accept");
        Assert.Contains(((JsonArray)byTechnician["items"]!), e => (string?)e!["action"] == "register");
        Assert.Equal((int)byOrder["total"]!, (int)inWindow["total"]!);
        Assert.Equal(0, (int)before["total"]!);
    }
}
