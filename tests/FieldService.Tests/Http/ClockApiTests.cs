using System.Net;
using System.Text.Json.Nodes;
using FieldService.Tests.Infrastructure;

namespace FieldService.Tests.Http;

/// <summary>The clocks over REST: each order shows its clocks; breaches reach the teams' escalation inboxes, which
/// are acknowledged over REST; the emergency team's roster and plans; contact and review.</summary>
public class ClockApiTests : HostedTests
{
    private ApiClient operatorApi = null!;

    protected override async Task StartAsync() => operatorApi = await Factory.Personas.OperatorAsync();

    [Fact]
    public async Task P3_a_breach_shows_on_the_order_and_in_the_dispatch_inbox_until_acknowledged()
    {
        await operatorApi.PutAsync("/api/technicians/t-1", Intakes.Technician(), HttpStatusCode.Created);
        var id = await operatorApi.ReportAsync();
        await operatorApi.PostAsync($"/api/work-orders/{id}/triage", new { onSite = true });
        await operatorApi.PostAsync($"/api/work-orders/{id}/dispatch", new { technicianId = "t-1" });

        await Factory.AdvanceAsync(TimeSpan.FromMinutes(16));
        await Factory.Audit.WaitForAsync(e => e.SubjectType == "escalation" && e.Action == "raise" && e.WorkOrderId == id, $"the P3 escalation of {id}");
        // The order escalates its breach before it tells the technician's record: wait for that too.
        await Factory.Audit.WaitForAsync(e => e.SubjectType == "technician" && e.Action == "missed-accept" && e.WorkOrderId == id, $"t-1's missed accept of {id}");

        var order = await operatorApi.GetAsync($"/api/work-orders/{id}");
        var clocks = (JsonArray)order["clocks"]!;
        var accept = clocks.Single(c => (string?)c!["kind"] == "accept")!;
        var dispatch = clocks.Single(c => (string?)c!["kind"] == "dispatch")!;
        Assert.Equal("triaged", (string?)order["status"]);
        Assert.Equal(("P3", true), ((string?)accept["clause"], accept["breachedAt"] is not null));
        Assert.Equal(("P2", true), ((string?)dispatch["clause"], dispatch["metAt"] is not null));
        Assert.Equal(1, (int)(await operatorApi.GetAsync("/api/technicians/t-1"))["missedAccepts"]!.AsArray().Count);

        var inbox = (JsonArray)(await operatorApi.GetAsync("/api/escalations?team=dispatch"))["items"]!;
        var escalationId = (string)inbox.Single(e => (string?)e!["workOrderId"] == id)!["id"]!;
        var acknowledged = await operatorApi.PostAsync($"/api/escalations/{escalationId}/ack", null);
        Assert.Equal("operator-1", (string?)acknowledged["acknowledgedBy"]);
        Assert.DoesNotContain((JsonArray)(await operatorApi.GetAsync("/api/escalations?team=dispatch"))["items"]!,
            e => (string?)e!["id"] == escalationId);
        await operatorApi.PostAsync("/api/escalations/nowhere.1/ack", null, HttpStatusCode.NotFound);
        await operatorApi.GetAsync("/api/escalations?team=nobody", HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task E1_to_E3_roster_plan_contact_and_review_over_rest()
    {
        var emergency = await Factory.Personas.AsAsync("em-1", Roles.Emergency);
        await emergency.PutAsync("/api/emergency/roster", new
        {
            members = new[] { new { id = "em-1", name = "Zhou Qiang", role = "lead", onCall = true }, new { id = "em-2", name = "Sun Li", role = "coordinator", onCall = false } },
        });
        var plan = await emergency.PutAsync("/api/emergency/plans/natural-disaster", new { name = "Natural disaster", steps = new[] { "secure the site", "restore power" } });
        var revised = await emergency.PutAsync("/api/emergency/plans/natural-disaster", new { name = "Natural disaster", steps = new[] { "secure the site", "call the utility", "restore power" } });
        await emergency.PutAsync("/api/emergency/plans/natural-disaster", new { name = "", steps = Array.Empty<string>() }, HttpStatusCode.UnprocessableEntity);

        await operatorApi.PutAsync("/api/technicians/t-9", Intakes.Technician(), HttpStatusCode.Created);
        var body = Intakes.Body();
        body["priority"] = "emergency";
        body["incidentType"] = "natural-disaster";
        var id = await operatorApi.ReportAsync(body);
        await operatorApi.PostAsync($"/api/work-orders/{id}/triage", new { onSite = true });
        await operatorApi.PostAsync($"/api/work-orders/{id}/dispatch", new { technicianId = "t-9" });
        var technician = await Factory.Personas.TechnicianAsync("t-9");
        await technician.PostAsync($"/api/work-orders/{id}/accept", null);
        var contacted = await technician.PostAsync($"/api/work-orders/{id}/contact", new { channel = "phone", notes = "on my way" });

        Assert.Equal((1, 2), ((int)plan["version"]!, (int)revised["version"]!));
        Assert.Equal(("natural-disaster", 2), ((string?)contacted["plan"]!["incidentType"], (int)contacted["plan"]!["version"]!));
        var contactClock = ((JsonArray)contacted["clocks"]!).Single(c => (string?)c!["kind"] == "emergency-contact")!;
        Assert.NotNull(contactClock["metAt"]);
        Assert.Equal(2, ((JsonArray)(await emergency.GetAsync("/api/emergency/roster"))["items"]!).Count);
        await emergency.PostAsync($"/api/work-orders/{id}/review", new { causes = "", shortfalls = "x", planChanges = "y" }, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Issue12_8_an_escalation_is_acknowledged_only_by_its_team_or_a_manager()
    {
        await operatorApi.PutAsync("/api/technicians/t-1", Intakes.Technician(), HttpStatusCode.Created);
        var body = Intakes.Body();
        body["priority"] = "emergency";
        var id = await operatorApi.ReportAsync(body);
        await operatorApi.PostAsync($"/api/work-orders/{id}/triage", new { onSite = true });

        await Factory.AdvanceAsync(TimeSpan.FromMinutes(11)); // P2 for an emergency: 10 minutes, then the emergency team
        var raised = await Factory.Audit.WaitForAsync(e => e.SubjectType == "escalation" && e.Action == "raise" && e.WorkOrderId == id,
            $"the emergency P2 escalation of {id}");
        var escalationId = raised.SubjectId;
        var path = $"/api/escalations/{escalationId}/ack";

        foreach (var role in new[] { Roles.Agent, Roles.Dispatcher, Roles.Storekeeper, Roles.Support })
        {
            var outsider = await Factory.Personas.AsAsync($"{role}-1", role);
            await outsider.PostAsync(path, null, HttpStatusCode.Forbidden);
        }

        Assert.Contains((JsonArray)(await operatorApi.GetAsync("/api/escalations?team=emergency"))["items"]!, e => (string?)e!["id"] == escalationId);
        var emergency = await Factory.Personas.AsAsync("em-1", Roles.Emergency);
        Assert.Equal("em-1", (string?)(await emergency.PostAsync(path, null))["acknowledgedBy"]);
        await (await Factory.Personas.AsAsync("mgr-1", Roles.Manager)).PostAsync(path, null);
    }
}
