using FieldService.Audit;
using System.Net;
using System.Text.Json.Nodes;
using FieldService.Tests.Infrastructure;

namespace FieldService.Tests.Http;

/// <summary>P2 over REST with automatic dispatch on: the decision behind an assignment, the region's queue,
/// manual assignment and pull-back, shifts and leave.</summary>
public class DispatchApiTests : HostedTests
{
    protected override IReadOnlyDictionary<string, string>? Settings { get; } = new Dictionary<string, string> { ["Dispatch:Automatic"] = "true" };
    private ApiClient dispatcher = null!;
    private ApiClient agent = null!;

    protected override async Task StartAsync()
    {
        dispatcher = await Factory.Personas.AsAsync("dispatcher-1", Roles.Dispatcher + "+" + Roles.Manager);
        agent = await Factory.Personas.AgentAsync();
    }

    private async Task<string> TriagedAsync(string region)
    {
        var id = await agent.ReportAsync(Intakes.Body(region));
        await agent.PostAsync($"/api/work-orders/{id}/triage", new { onSite = true });
        return id;
    }

    private Task DispatchedAsync(string id) =>
        Factory.Audit.WaitForAsync(e => e.SubjectId == id && e.Action == "dispatch", $"the automatic dispatch of {id}");

    /// <summary>The <paramref name="nth"/> automatic dispatch of an order (after a jump, the accept clock's reminder
    /// moves it on).</summary>
    private async Task<string?> OfferedToAsync(string id, int nth)
    {
        bool Match(AuditEntry e) => e.SubjectId == id && e.Action == "dispatch" && Factory.Audit.Where(x => x.SubjectId == id && x.Action == "dispatch").Count >= nth;
        await Factory.Audit.WaitForAsync(Match, $"dispatch number {nth} of work order {id}");
        return (string?)(await dispatcher.GetAsync($"/api/work-orders/{id}"))["technicianId"];
    }

    [Fact]
    public async Task P3_a_declined_offer_and_an_offer_left_unanswered_for_15_minutes_each_go_to_the_next_technician()
    {
        foreach (var (technician, lat) in new[] { ("t-p3-near", 31.30), ("t-p3-mid", 31.40), ("t-p3-far", 31.50) })
        {
            var profile = Intakes.Technician("p3", capacity: 1);
            profile["home"] = new JsonObject { ["lat"] = lat, ["lon"] = 121.52 };
            await dispatcher.PutAsync($"/api/technicians/{technician}", profile, HttpStatusCode.Created);
        }

        var id = await TriagedAsync("p3");
        Assert.Equal("t-p3-near", await OfferedToAsync(id, 1));
        await (await Factory.Personas.TechnicianAsync("t-p3-near")).PostAsync($"/api/work-orders/{id}/decline", new { reason = "van broke down" });
        Assert.Equal("t-p3-mid", await OfferedToAsync(id, 2));
        await Factory.AdvanceAsync(TimeSpan.FromMinutes(16));
        Assert.Equal("t-p3-far", await OfferedToAsync(id, 3));
        await Factory.Audit.WaitForAsync(e => e.SubjectId == "t-p3-mid" && e.Action == "missed-accept", "the missed accept on t-p3-mid's record");
        var accepted = await (await Factory.Personas.TechnicianAsync("t-p3-far")).PostAsync($"/api/work-orders/{id}/accept", null);

        Assert.Equal("accepted", (string?)accepted["status"]);
        // The one who declined and the one who let the offer lapse are both left out of the last round.
        var decision = await dispatcher.GetAsync($"/api/work-orders/{id}/dispatch-decision");
        Assert.Equal(["t-p3-mid", "t-p3-near"], decision["candidates"]!.AsArray()
            .Where(c => (string?)c!["excludedBecause"] == "declined-or-timed-out").Select(c => (string?)c!["technicianId"]).Order());
        var missed = await dispatcher.GetAsync("/api/technicians/t-p3-mid");
        Assert.Equal([id], missed["missedAccepts"]!.AsArray().Select(m => (string?)m!["workOrderId"]));
        var loads = new List<int>();
        foreach (var technician in new[] { "t-p3-near", "t-p3-mid", "t-p3-far" })
        {
            loads.Add((int)(await dispatcher.GetAsync($"/api/technicians/{technician}"))["load"]!);
        }

        Assert.Equal([0, 0, 1], loads);
    }

    [Fact]
    public async Task P2_the_dispatcher_sees_why_an_order_went_to_its_technician_and_why_another_waits_in_the_queue()
    {
        await dispatcher.PutAsync("/api/technicians/t-east-1", Intakes.Technician("east", capacity: 1), HttpStatusCode.Created);
        var placed = await TriagedAsync("east");
        await DispatchedAsync(placed);
        var waiting = await TriagedAsync("east");

        var decision = await dispatcher.GetAsync($"/api/work-orders/{placed}/dispatch-decision");
        Assert.Equal(("automatic", "triage", "t-east-1"), ((string?)decision["mode"], (string?)decision["trigger"], (string?)decision["technicianId"]));
        var candidate = decision["candidates"]!.AsArray().Single()!;
        Assert.True((double)candidate["distanceKm"]! > 0 && (double)candidate["score"]! > 0);

        var queue = (await dispatcher.GetAsync("/api/dispatch/queues/east"))["items"]!.AsArray();
        var entry = queue.Single()!;
        Assert.Equal(waiting, (string?)entry["workOrderId"]);
        Assert.Contains("at-capacity", (string?)entry["waitingBecause"], StringComparison.Ordinal);
        var verdict = await dispatcher.GetAsync($"/api/work-orders/{waiting}/dispatch-decision");
        Assert.Null(verdict["technicianId"]);
        Assert.Equal("at-capacity", (string?)verdict["candidates"]![0]!["excludedBecause"]);

        await dispatcher.GetAsync("/api/dispatch/queues/not%20a%20region", HttpStatusCode.UnprocessableEntity);
        var technician = await Factory.Personas.TechnicianAsync("t-east-1");
        await technician.GetAsync($"/api/work-orders/{placed}/dispatch-decision", HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task P2_a_dispatcher_pulls_an_order_back_and_assigns_it_by_hand_with_a_reason()
    {
        await dispatcher.PutAsync("/api/technicians/t-west-1", Intakes.Technician("west"), HttpStatusCode.Created);
        await dispatcher.PutAsync("/api/technicians/t-west-2", Intakes.Technician("west"), HttpStatusCode.Created);
        var id = await TriagedAsync("west");
        await DispatchedAsync(id);

        var pulled = await dispatcher.PostAsync($"/api/work-orders/{id}/pull-back", new { reason = "customer rescheduled" });
        Assert.Equal(("triaged", true), ((string?)pulled["status"], (bool)pulled["dispatchHeld"]!));
        var conflict = await dispatcher.PostAsync($"/api/work-orders/{id}/pull-back", new { reason = "again" }, HttpStatusCode.Conflict);
        Assert.Equal("triaged", (string?)conflict["currentStatus"]);
        await dispatcher.PostAsync($"/api/work-orders/{id}/pull-back", new { reason = "" }, HttpStatusCode.Conflict);

        var assigned = await dispatcher.PostAsync($"/api/work-orders/{id}/dispatch", new { technicianId = "t-west-2", reason = "has the spare part" });
        Assert.Equal(("dispatched", "t-west-2"), ((string?)assigned["status"], (string?)assigned["technicianId"]));
        var decision = await dispatcher.GetAsync($"/api/work-orders/{id}/dispatch-decision");
        Assert.Equal("manual", (string?)decision["mode"]);
        Assert.Contains("has the spare part", (string?)decision["explanation"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task P2_a_dispatcher_reassigns_an_accepted_order_to_another_technician_who_gets_the_offer_and_the_reason_is_in_history()
    {
        await dispatcher.PutAsync("/api/technicians/t-re-1", Intakes.Technician("reassign"), HttpStatusCode.Created);
        await dispatcher.PutAsync("/api/technicians/t-re-2", Intakes.Technician("reassign"), HttpStatusCode.Created);
        var id = await TriagedAsync("reassign");
        var first = await OfferedToAsync(id, 1);
        var second = first == "t-re-1" ? "t-re-2" : "t-re-1";

        var noReason = await dispatcher.PostAsync($"/api/work-orders/{id}/reassign", new { technicianId = second }, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["reason"], ((JsonObject)noReason["errors"]!).Select(e => e.Key));
        var same = await dispatcher.PostAsync($"/api/work-orders/{id}/reassign", new { technicianId = first, reason = "again" }, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["technicianId"], ((JsonObject)same["errors"]!).Select(e => e.Key));
        await dispatcher.PostAsync($"/api/work-orders/{id}/reassign", new { technicianId = "nobody", reason = "x" }, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(first, (string?)(await dispatcher.GetAsync($"/api/work-orders/{id}"))["technicianId"]); // refusals changed nothing

        var firstTechnician = await Factory.Personas.TechnicianAsync(first!);
        await firstTechnician.PostAsync($"/api/work-orders/{id}/accept", null);
        var moved = await dispatcher.PostAsync($"/api/work-orders/{id}/reassign", new { technicianId = second, reason = "nearer to the site after the storm" });
        Assert.Equal(("dispatched", second), ((string?)moved["status"], (string?)moved["technicianId"]));

        // The second technician holds the offer and may accept it; the first no longer sees the order.
        var secondTechnician = await Factory.Personas.TechnicianAsync(second);
        Assert.Contains("accept", ((JsonArray)(await secondTechnician.GetAsync($"/api/work-orders/{id}"))["allowedActions"]!).Select(a => (string?)a));
        await firstTechnician.GetAsync($"/api/work-orders/{id}", HttpStatusCode.NotFound);
        var history = (JsonArray)(await dispatcher.GetAsync($"/api/work-orders/{id}/history"))["items"]!;
        Assert.Contains(history, e => (string?)e!["action"] == "reassign" && ((string?)e["reason"])!.Contains("nearer to the site after the storm", StringComparison.Ordinal));
        await Factory.Audit.WaitForAsync(e => e.SubjectId == id && e.Action == "reassign" && e.Reason!.Contains("nearer to the site", StringComparison.Ordinal),
            $"the reassignment of {id} with its reason in the audit trail");

        await dispatcher.PostAsync($"/api/work-orders/{id}/pull-back", new { reason = "customer rescheduled" });
        var conflict = await dispatcher.PostAsync($"/api/work-orders/{id}/reassign", new { technicianId = first, reason = "back again" }, HttpStatusCode.Conflict);
        Assert.Equal("triaged", (string?)conflict["currentStatus"]);
    }

    [Fact]
    public async Task P2_shifts_and_leave_are_kept_per_technician_and_bad_ones_are_refused_naming_the_field()
    {
        await dispatcher.PutAsync("/api/technicians/t-s-1", Intakes.Technician("south"), HttpStatusCode.Created);

        var scheduled = await dispatcher.PutAsync("/api/technicians/t-s-1/shifts", new
        {
            shifts = new[] { new { days = new[] { "monday", "tuesday" }, start = "08:00", end = "16:00" }, new { days = new[] { "saturday" }, start = "22:00", end = "06:00" } },
        });
        Assert.Equal(2, scheduled["shifts"]!.AsArray().Count);
        Assert.Equal("monday", (string?)scheduled["shifts"]![0]!["days"]![0]);

        var invalid = await dispatcher.PutAsync("/api/technicians/t-s-1/shifts", new { shifts = new[] { new { days = new[] { "someday" }, start = "25:00", end = "06:00" } } },
            HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["shifts[0].days[0]", "shifts[0].start"], ((JsonObject)invalid["errors"]!).Select(e => e.Key).Order(StringComparer.Ordinal));
        await dispatcher.PutAsync("/api/technicians/nobody/shifts", new { shifts = Array.Empty<object>() }, HttpStatusCode.NotFound);

        var leave = await dispatcher.PostAsync("/api/technicians/t-s-1/leave",
            new { from = "2026-12-01T00:00:00Z", to = "2026-12-08T00:00:00Z", reason = "annual leave" }, HttpStatusCode.Created);
        var leaveId = (string)leave["leave"]![0]!["id"]!;
        var backwards = await dispatcher.PostAsync("/api/technicians/t-s-1/leave",
            new { from = "2026-12-08T00:00:00Z", to = "2026-12-01T00:00:00Z", reason = "oops" }, HttpStatusCode.UnprocessableEntity);
        Assert.True(((JsonObject)backwards["errors"]!).ContainsKey("to"));

        var cancelled = await dispatcher.SendAsync(HttpMethod.Delete, $"/api/technicians/t-s-1/leave/{leaveId}", null, HttpStatusCode.OK);
        Assert.Empty(cancelled["leave"]!.AsArray());
        await dispatcher.SendAsync(HttpMethod.Delete, $"/api/technicians/t-s-1/leave/{leaveId}", null, HttpStatusCode.NotFound);
        var history = await Factory.Audit.WaitForAsync(e => e.SubjectId == "t-s-1" && e.Action == "cancel-leave", "the cancelled leave in the audit trail");
        Assert.Equal("dispatcher-1", history.Actor.Id);
    }
}
