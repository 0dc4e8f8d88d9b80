using System.Net;
using System.Text.Json.Nodes;
using FieldService.Quality;
using FieldService.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FieldService.Tests.Http;

/// <summary>Q1/Q3/Q4/TS1 over REST: standards, self-check, sampling, inspection, rework, claims, technical support.</summary>
public class QualityApiTests : HostedTests
{
    private ApiClient operatorApi = null!;
    private ApiClient support = null!;
    private ApiClient inspector = null!;
    private readonly HashSet<string> registered = [];

    protected override async Task StartAsync()
    {
        operatorApi = await Factory.Personas.OperatorAsync();
        support = await Factory.Personas.AsAsync("support-1", Roles.Support);
        inspector = await Factory.Personas.AsAsync("inspector-1", Roles.Inspector);
    }

    private static object Checklist(string field, params (string Item, bool Passed)[] items) => new JsonObject
    {
        [field] = new JsonArray(items.Select(i => (JsonNode)new JsonObject { ["itemId"] = i.Item, ["passed"] = i.Passed }).ToArray()),
        ["notes"] = items.Any(i => !i.Passed) ? "see the failed items" : null,
    };

    /// <summary>An order of a product in <paramref name="category"/> walked to in-repair by <paramref name="technicianId"/>.</summary>
    private async Task<(string Id, ApiClient Technician)> InRepairAsync(string technicianId, string category = "hvac", bool critical = false)
    {
        if (registered.Add(technicianId))
        {
            await operatorApi.PutAsync($"/api/technicians/{technicianId}", Intakes.Technician(capacity: 10), HttpStatusCode.Created);
        }

        var body = Intakes.Body();
        body["product"]!["category"] = category;
        body["product"]!["critical"] = critical;
        return await Walks.InRepairAsync(Factory.Personas, operatorApi, technicianId, body);
    }

    [Fact]
    public async Task Q1_Q3_Q4_a_repair_is_self_checked_against_its_category_standard_inspected_reworked_and_handed_over()
    {
        var v1 = await support.PostAsync("/api/standards/chillers", new
        {
            items = new[] { new { id = "coil", text = "Coil clean and dry", method = "Visual" }, new { id = "charge", text = "Refrigerant charge within spec", method = "Gauge set" } },
            notes = "first issue",
        }, HttpStatusCode.Created);
        var (id, technician) = await InRepairAsync("t-q1", "chillers");

        var wrong = await technician.PostAsync($"/api/work-orders/{id}/complete", Checks.CompleteBody(), HttpStatusCode.UnprocessableEntity);
        var failedItem = await technician.PostAsync($"/api/work-orders/{id}/complete", Checklist("checklist", ("coil", true), ("charge", false)), HttpStatusCode.UnprocessableEntity);
        var completed = await technician.PostAsync($"/api/work-orders/{id}/complete", Checklist("checklist", ("coil", true), ("charge", true)));
        await support.PostAsync("/api/standards/chillers", new
        {
            items = new[] { new { id = "coil", text = "Coil clean and dry", method = "Visual" }, new { id = "charge", text = "Charge within spec", method = "Gauge set" },
                new { id = "noise", text = "No abnormal noise", method = "Listen for 5 minutes" } },
        }, HttpStatusCode.Created);
        var queue = await inspector.GetAsync("/api/inspections");
        await technician.PostAsync($"/api/work-orders/{id}/acceptance", new { signedBy = "Ms Chen", signature = "data:,x" }, HttpStatusCode.Conflict);
        var rework = await inspector.PostAsync($"/api/work-orders/{id}/inspection", Checklist("results", ("coil", false), ("charge", true)));
        var recompleted = await technician.PostAsync($"/api/work-orders/{id}/complete", Checklist("checklist", ("coil", true), ("charge", true), ("noise", true)));
        var passed = await inspector.PostAsync($"/api/work-orders/{id}/inspection", Checklist("results", ("coil", true), ("charge", true), ("noise", true)));
        var signed = await technician.PostAsync($"/api/work-orders/{id}/acceptance", new { signedBy = "Ms Chen", signature = "data:,x" });

        Assert.Equal(1, (int)v1["version"]!);
        Assert.Contains("coil", wrong["errors"]!["checklist"]![0]!.ToString(), StringComparison.Ordinal);
        Assert.NotNull(failedItem["errors"]!["checklist[1].passed"]);
        Assert.Equal(("awaiting-inspection", "chillers", 1), ((string?)completed["status"], (string?)completed["selfCheck"]!["standardCategory"], (int)completed["selfCheck"]!["standardVersion"]!));
        Assert.Equal("sampled", (string?)completed["inspectionRequirement"]!["reason"]);
        Assert.Contains(queue["items"]!.AsArray(), o => (string?)o!["id"] == id);
        Assert.Equal("in-repair", (string?)rework["status"]);
        Assert.Equal("t-q1", (string?)rework["inspections"]![0]!["responsibleTechnicianId"]);
        Assert.Equal(("awaiting-inspection", "re-inspection", 2),
            ((string?)recompleted["status"], (string?)recompleted["inspectionRequirement"]!["reason"], (int)recompleted["selfCheck"]!["standardVersion"]!));
        Assert.Equal("completed", (string?)passed["status"]);
        Assert.Equal("customer-accepted", (string?)signed["status"]);
        var history = (await operatorApi.GetAsync($"/api/work-orders/{id}/history"))["items"]!.AsArray();
        Assert.Equal(
            [("complete", "awaiting-inspection"), ("inspection", "in-repair"), ("complete", "awaiting-inspection"), ("inspection", "completed")],
            history.Where(e => (string?)e!["action"] is "complete" or "inspection").Select(e => ((string?)e!["action"], (string?)e["toStatus"])));
        Assert.DoesNotContain(history, e => (string?)e!["reason"] is { } reason && reason.Contains("5555", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Q3_every_repair_of_critical_equipment_waits_for_inspection()
    {
        var statuses = new List<string?>();
        for (var i = 0; i < 4; i++)
        {
            var (id, technician) = await InRepairAsync("t-crit", critical: true);
            var completed = await technician.PostAsync($"/api/work-orders/{id}/complete", Checks.CompleteBody());
            statuses.Add((string?)completed["status"] + "/" + (string?)completed["inspectionRequirement"]!["reason"]);
        }

        Assert.Equal(Enumerable.Repeat("awaiting-inspection/critical", 4), statuses);
        var tallies = (JsonArray)(await inspector.GetAsync("/api/quality/sampling"))["items"]!;
        Assert.DoesNotContain(tallies, t => (string?)t!["scope"] == "technician:t-crit");
    }

    [Fact]
    public async Task Q3_the_sampling_tallies_show_each_technician_s_inspected_share()
    {
        for (var i = 0; i < 3; i++)
        {
            var (id, technician) = await InRepairAsync("t-tally");
            await technician.PostAsync($"/api/work-orders/{id}/complete", Checks.CompleteBody());
        }

        var tallies = await inspector.GetAsync("/api/quality/sampling");
        var mine = tallies["items"]!.AsArray().Single(t => (string?)t!["scope"] == "technician:t-tally")!;
        // Sampling is pinned to Always here (AppFactory); the rule itself is proven in Domain/SamplingRulesTests.
        Assert.Equal((3, 3, 0), ((int)mine["completed"]!, (int)mine["inspected"]!, (int)mine["sinceLastInspection"]!));
        await (await Factory.Personas.TechnicianAsync("t-tally")).GetAsync("/api/quality/sampling", HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Q4_TS1_claims_and_support_requests_are_recorded_against_the_order()
    {
        var (id, technician) = await InRepairAsync("t-q4");
        var agent = await Factory.Personas.AgentAsync();
        var manager = await Factory.Personas.AsAsync("manager-1", Roles.Manager);

        var asked = await technician.PostAsync($"/api/work-orders/{id}/support-requests", new { question = "Inverter shows E7 after the board swap" });
        var inbox = await support.GetAsync("/api/escalations?team=support");
        await Factory.AdvanceAsync(TimeSpan.FromMinutes(40));
        var answered = await support.PostAsync($"/api/work-orders/{id}/support-answer", new { number = 1, answer = "Re-seat the DC link cable" });
        await support.PostAsync($"/api/work-orders/{id}/support-answer", new { number = 1, answer = "again" }, HttpStatusCode.Conflict);
        await technician.PostAsync($"/api/work-orders/{id}/claims", new { amount = 100, reason = "x" }, HttpStatusCode.Forbidden);
        await agent.PostAsync($"/api/work-orders/{id}/claims", new { amount = -5, reason = "scratched floor" }, HttpStatusCode.UnprocessableEntity);
        await agent.PostAsync($"/api/work-orders/{id}/claims", new { amount = 300, reason = "scratched floor" });
        await agent.PostAsync($"/api/work-orders/{id}/claim-decision", new { number = 1, approved = true, amountApproved = 200, notes = "x" }, HttpStatusCode.Forbidden);
        await manager.PostAsync($"/api/work-orders/{id}/claim-decision", new { number = 2, approved = false, notes = "none" }, HttpStatusCode.NotFound);
        var decided = await manager.PostAsync($"/api/work-orders/{id}/claim-decision", new { number = 1, approved = true, amountApproved = 200, notes = "floor polished" });

        Assert.Equal("in-repair", (string?)asked["status"]);
        Assert.Contains(inbox["items"]!.AsArray(), e => (string?)e!["workOrderId"] == id && (string?)e["clause"] == "TS1");
        Assert.Equal("PT40M", (string?)answered["supportRequests"]![0]!["timeTaken"]);
        var claim = decided["claims"]![0]!;
        Assert.Equal((300m, "t-q4", true, 200m), ((decimal)claim["amount"]!, (string?)claim["responsibleTechnicianId"],
            (bool)claim["decision"]!["approved"]!, (decimal)claim["decision"]!["amountApproved"]!));
    }

    [Fact]
    public async Task TS1_the_inbox_lists_requests_across_orders_open_longest_waiting_first_then_answered_with_the_time_taken()
    {
        var (first, firstTechnician) = await InRepairAsync("t-ts1a");
        var (second, secondTechnician) = await InRepairAsync("t-ts1b", "boilers");
        await firstTechnician.PostAsync($"/api/work-orders/{first}/support-requests", new { question = "Compressor trips at start" });
        await Factory.AdvanceAsync(TimeSpan.FromMinutes(5));
        await secondTechnician.PostAsync($"/api/work-orders/{second}/support-requests", new { question = "Flue sensor reads 0" });
        var bothOpen = await support.GetAsync("/api/support-requests");
        await Factory.AdvanceAsync(TimeSpan.FromMinutes(20));
        await support.PostAsync($"/api/work-orders/{first}/support-answer", new { number = 1, answer = "Check the start capacitor" });
        var open = await support.GetAsync("/api/support-requests");
        var all = await support.GetAsync("/api/support-requests?all=true");
        var escalations = await support.GetAsync("/api/escalations?team=support&all=true");
        var manager = await Factory.Personas.AsAsync("manager-1", Roles.Manager);
        await manager.GetAsync("/api/support-requests");
        await firstTechnician.GetAsync("/api/support-requests", HttpStatusCode.Forbidden);

        Assert.Equal([(first, "Compressor trips at start", "hvac"), (second, "Flue sensor reads 0", "boilers")],
            bothOpen["items"]!.AsArray().Select(c => ((string?)c!["workOrderId"], (string?)c["question"], (string?)c["productCategory"])));
        Assert.Equal([second], open["items"]!.AsArray().Select(c => (string?)c!["workOrderId"]));
        var answered = all["items"]!.AsArray()[1]!;
        Assert.Equal((first, "Check the start capacitor", "PT25M", "support-1"),
            ((string?)answered["workOrderId"], (string?)answered["answer"], (string?)answered["timeTaken"], (string?)answered["answeredBy"]));
        Assert.DoesNotContain("customer", all.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        // Answering stops the request's escalation to the support team asking again; the open one still asks.
        var byOrder = escalations["items"]!.AsArray().ToDictionary(e => (string)e!["workOrderId"]!, e => (string?)e!["acknowledgedBy"]);
        Assert.Equal(("support-1", null), (byOrder[first], byOrder[second]));
    }

    [Fact]
    public async Task Q1_each_standard_version_lists_the_orders_checked_against_it()
    {
        var items = new[] { new { id = "coil", text = "Coil clean and dry", method = "Visual" } };
        await support.PostAsync("/api/standards/coolers", new { items }, HttpStatusCode.Created);
        var (early, earlyTechnician) = await InRepairAsync("t-use1", "coolers");
        await earlyTechnician.PostAsync($"/api/work-orders/{early}/complete", Checklist("checklist", ("coil", true)));
        await support.PostAsync("/api/standards/coolers", new { items = new[] { items[0], new { id = "drain", text = "Drain runs free", method = "Pour 1 l of water" } } },
            HttpStatusCode.Created);
        var (late, lateTechnician) = await InRepairAsync("t-use2", "coolers");
        await lateTechnician.PostAsync($"/api/work-orders/{late}/complete", Checklist("checklist", ("coil", true), ("drain", true)));
        // The rework of the early order is checked against the new version: it then stands under both.
        await inspector.PostAsync($"/api/work-orders/{early}/inspection", Checklist("results", ("coil", false)));
        await Factory.AdvanceAsync(TimeSpan.FromMinutes(3));
        await earlyTechnician.PostAsync($"/api/work-orders/{early}/complete", Checklist("checklist", ("coil", true), ("drain", true)));

        var v1 = await inspector.GetAsync("/api/standards/coolers/versions/1/orders");
        var v2 = await support.GetAsync("/api/standards/coolers/versions/2/orders");
        var paged = await support.GetAsync("/api/standards/coolers/versions/2/orders?page=2&pageSize=1");
        await support.GetAsync("/api/standards/coolers/versions/3/orders", HttpStatusCode.NotFound);
        await support.GetAsync("/api/standards/coolers/versions/1/orders?pageSize=0", HttpStatusCode.UnprocessableEntity);
        await earlyTechnician.GetAsync("/api/standards/coolers/versions/1/orders", HttpStatusCode.Forbidden);

        Assert.Equal([(early, "t-use1")], v1["items"]!.AsArray().Select(u => ((string?)u!["workOrderId"], (string?)u["technicianId"])));
        Assert.Equal([early, late], v2["items"]!.AsArray().Select(u => (string?)u!["workOrderId"]));
        Assert.Equal((2L, late), ((long)paged["total"]!, (string?)paged["items"]![0]!["workOrderId"]));
    }

    [Fact]
    public async Task Q1_a_use_recorded_twice_is_listed_once_and_the_pages_run_most_recent_first_with_the_total()
    {
        var items = new[] { new { id = "drum", text = "Drum turns freely", method = "By hand" } };
        await support.PostAsync("/api/standards/dryers", new { items }, HttpStatusCode.Created);
        var usage = Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IStandardUsageGrain>(StandardUsage.Key("dryers", 1));
        var at = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

        // The order's follow-up sends its use again after a crash: the second, even if it differed, changes nothing.
        await usage.RecordAsync(new StandardUse("wo-dry-1", "t-d1", at, true));
        await usage.RecordAsync(new StandardUse("wo-dry-2", "t-d2", at.AddMinutes(1), true));
        await usage.RecordAsync(new StandardUse("wo-dry-2", "t-d9", at.AddMinutes(5), false));
        await usage.RecordAsync(new StandardUse("wo-dry-3", null, at.AddMinutes(2), false));

        var first = await support.GetAsync("/api/standards/dryers/versions/1/orders?page=1&pageSize=2");
        var second = await inspector.GetAsync("/api/standards/dryers/versions/1/orders?page=2&pageSize=2");
        var beyond = await support.GetAsync("/api/standards/dryers/versions/1/orders?page=3&pageSize=2");

        static object?[] Uses(JsonObject page) => page["items"]!.AsArray()
            .Select(u => ((string?)u!["workOrderId"], (string?)u["technicianId"], (bool)u["passed"]!, (DateTimeOffset)u["checkedAt"]!)).Cast<object?>().ToArray();
        Assert.Equal([("wo-dry-3", (string?)null, false, at.AddMinutes(2)), ("wo-dry-2", "t-d2", true, at.AddMinutes(1))], Uses(first));
        Assert.Equal([("wo-dry-1", "t-d1", true, at)], Uses(second));
        Assert.Empty(Uses(beyond));
        Assert.Equal([3L, 3L, 3L], new[] { first, second, beyond }.Select(p => (long)p["total"]!));
    }

    [Fact]
    public async Task Q1_Q3_bad_quality_input_is_refused_and_changes_nothing()
    {
        var (id, technician) = await InRepairAsync("t-bad");

        await support.PostAsync("/api/standards/boilers", new { items = new[] { new { id = "a", text = "t", method = "m" }, new { id = "a", text = "t", method = "m" } } },
            HttpStatusCode.UnprocessableEntity);
        await support.PostAsync("/api/standards/boilers", new { items = Array.Empty<object>() }, HttpStatusCode.UnprocessableEntity);
        await (await Factory.Personas.AgentAsync()).PostAsync("/api/standards/boilers", new { items = new[] { new { id = "a", text = "t", method = "m" } } },
            HttpStatusCode.Forbidden);
        await support.GetAsync("/api/standards/boilers", HttpStatusCode.NotFound);
        await support.GetAsync("/api/standards/general/versions/9", HttpStatusCode.NotFound);
        var general = await support.GetAsync("/api/standards/general");
        await technician.PostAsync($"/api/work-orders/{id}/complete", new { notes = "done" }, HttpStatusCode.UnprocessableEntity);
        await technician.PostAsync($"/api/work-orders/{id}/complete", new { checklist = new[] { new { itemId = "function-test" } } }, HttpStatusCode.UnprocessableEntity);
        var notWaiting = await inspector.PostAsync($"/api/work-orders/{id}/inspection", Checks.PassBody(), HttpStatusCode.Conflict);
        await technician.PostAsync($"/api/work-orders/{id}/inspection", Checks.PassBody(), HttpStatusCode.Forbidden);

        Assert.Equal(("general", 1), ((string?)general["category"], (int)general["version"]!));
        Assert.Equal("in-repair", (string?)notWaiting["currentStatus"]);
        Assert.Equal("in-repair", (string?)(await operatorApi.GetAsync($"/api/work-orders/{id}"))["status"]);
    }
}
