using System.Net;
using System.Text.Json.Nodes;
using FieldService.Tests.Infrastructure;

namespace FieldService.Tests.Http;

/// <summary>The S1 and H2 reports over REST, from orders walked through the real API: one order from report to
/// callback, and one whose offer runs out on the fake clock (P3) before another technician accepts it.</summary>
public sealed class ReportApiTests : IAsyncLifetime
{
    private const string Period = "from=2026-11-27T07:00:00Z&to=2026-11-28T07:00:00Z";

    private readonly AppFactory factory = new();
    private ApiClient operatorApi = null!;

    public async Task InitializeAsync() => operatorApi = await factory.Personas.OperatorAsync();

    public async Task DisposeAsync() => await factory.DisposeAsync();

    private static JsonNode Line(JsonObject report, string clause) =>
        ((JsonArray)report["clauses"]!).Single(c => (string?)c!["clause"] == clause)!;

    private static (int Applicable, int Met, int Breached, int Open, int NotApplicable) Counts(JsonNode line) =>
        ((int)line["applicable"]!, (int)line["met"]!, (int)line["breached"]!, (int)line["open"]!, (int)line["notApplicable"]!);

    private static JsonNode Sla(JsonObject assessment, string clause) =>
        ((JsonArray)assessment["sla"]!).Single(s => (string?)s!["clause"] == clause)!;

    [Fact]
    public async Task S1_H2_reports_count_a_walked_order_and_a_P3_timeout_from_the_audit_trail()
    {
        var walked = await WorkOrderWalkTests.WalkP1ToP9Async(factory.Personas, "t-rep-1");
        await operatorApi.PutAsync("/api/technicians/t-rep-2", Intakes.Technician(), HttpStatusCode.Created);
        var late = await operatorApi.ReportAsync();
        await operatorApi.PostAsync($"/api/work-orders/{late}/triage", new { onSite = true });
        await operatorApi.PostAsync($"/api/work-orders/{late}/dispatch", new { technicianId = "t-rep-2" });
        await factory.AdvanceAsync(TimeSpan.FromMinutes(16));
        await factory.Audit.WaitForAsync(e => e.SubjectType == "technician" && e.Action == "missed-accept" && e.WorkOrderId == late,
            $"t-rep-2's missed accept of {late}");
        await operatorApi.PostAsync($"/api/work-orders/{late}/dispatch", new { technicianId = "t-rep-1" });
        var first = await factory.Personas.TechnicianAsync("t-rep-1");
        await first.PostAsync($"/api/work-orders/{late}/accept", null);

        var auditor = await factory.Personas.AsAsync("auditor-1", Roles.Auditor);
        var compliance = await auditor.GetAsync($"/api/reports/compliance?{Period}");
        Assert.Equal(2, (int)compliance["orders"]!);
        Assert.Equal((2, 2, 0, 0, 0), Counts(Line(compliance, "P2")));
        Assert.Equal((2, 1, 1, 0, 0), Counts(Line(compliance, "P3")));
        Assert.Equal([late], Line(compliance, "P3")["breachedOrders"]!.AsArray().Select(n => (string)n!));
        Assert.Equal([walked], Line(compliance, "P3")["metOrders"]!.AsArray().Select(n => (string)n!));
        Assert.Equal((1, 1, 0, 0, 0), Counts(Line(compliance, "P9")));

        using var csvRequest = new HttpRequestMessage(HttpMethod.Get, $"/api/reports/compliance?{Period}");
        csvRequest.Headers.Add("Accept", "text/csv");
        using var csv = await auditor.Http.SendAsync(csvRequest);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"P3,breached-orders,{late}\r\n", await csv.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The technician reads their own assessment: both accepts in time, one order completed after waiting for parts.
        var own = await first.GetAsync($"/api/technicians/t-rep-1/assessment?{Period}");
        Assert.Equal((1, 0, 0.0), ((int)own["completed"]!, (int)own["firstTimeFixes"]!, (double)own["firstTimeFixRate"]!));
        Assert.Equal((2, 0), ((int)Sla(own, "P3")["met"]!, (int)Sla(own, "P3")["breached"]!));
        Assert.Equal((1, 5.0), ((int)own["callbacks"]!, (double)own["meanSatisfaction"]!));

        var manager = await factory.Personas.AsAsync("manager-2", Roles.Manager);
        var second = await manager.GetAsync($"/api/technicians/t-rep-2/assessment?{Period}");
        Assert.Equal((0, 1, 1), ((int)Sla(second, "P3")["met"]!, (int)Sla(second, "P3")["breached"]!, (int)second["missedAccepts"]!));

        var ranking = (JsonArray)(await manager.GetAsync($"/api/reports/technicians?{Period}&region=north"))["technicians"]!;
        Assert.Equal(["t-rep-1", "t-rep-2"], ranking.Select(r => (string)r!["assessment"]!["technicianId"]!));
        Assert.Equal([1, 2], ranking.Select(r => (int)r!["rank"]!));
        Assert.Empty((JsonArray)(await manager.GetAsync($"/api/reports/technicians?{Period}&region=south"))["technicians"]!);
    }

    /// <summary>Issue 8's "done when": a repair self-checked, inspected, reworked, re-inspected, accepted and called back
    /// (with a complaint), beside one sampled and passed at once, counted in the assessment and the compliance report.</summary>
    [Fact]
    public async Task Q3_Q4_P9_H2_S1_a_reworked_repair_and_a_complaint_are_counted_in_the_assessment_and_the_compliance_report()
    {
        await operatorApi.PutAsync("/api/technicians/t-e2e", Intakes.Technician(capacity: 5), HttpStatusCode.Created);
        var technician = await factory.Personas.TechnicianAsync("t-e2e");
        var inspector = await factory.Personas.AsAsync("inspector-1", Roles.Inspector);
        var agent = await factory.Personas.AgentAsync();
        async Task<string> InRepairAsync(bool critical)
        {
            var body = Intakes.Body();
            body["product"]!["critical"] = critical;
            return (await Walks.InRepairAsync(factory.Personas, operatorApi, "t-e2e", body)).Id;
        }

        var critical = await InRepairAsync(critical: true);
        Assert.Equal("awaiting-inspection", (string?)(await technician.PostAsync($"/api/work-orders/{critical}/complete", Checks.CompleteBody()))["status"]);
        await inspector.PostAsync($"/api/work-orders/{critical}/inspection", Checks.FailBody("cycles off after 5 minutes"));
        await factory.AdvanceAsync(TimeSpan.FromMinutes(30));
        await technician.PostAsync($"/api/work-orders/{critical}/complete", Checks.CompleteBody("thermostat replaced"));
        await inspector.PostAsync($"/api/work-orders/{critical}/inspection", Checks.PassBody());
        await technician.PostAsync($"/api/work-orders/{critical}/acceptance", new { signedBy = "Ms Chen", signature = "data:,x" });
        await technician.PostAsync($"/api/work-orders/{critical}/cleanup", null);
        await agent.PostAsync($"/api/work-orders/{critical}/callback", new { satisfaction = 3, complaint = "It took two visits" });
        await factory.Audit.WaitForAsync(e => e.SubjectType == "complaint" && e.WorkOrderId == critical, $"the complaint on {critical}");

        var ordinary = await InRepairAsync(critical: false);
        // An ordinary completion: inspected, as every one is here (Quality:Sampling pinned to Always in AppFactory).
        Assert.Equal("awaiting-inspection", (string?)(await technician.PostAsync($"/api/work-orders/{ordinary}/complete", Checks.CompleteBody()))["status"]);
        await inspector.PostAsync($"/api/work-orders/{ordinary}/inspection", Checks.PassBody());

        var compliance = await (await factory.Personas.AsAsync("auditor-1", Roles.Auditor)).GetAsync($"/api/reports/compliance?{Period}");
        var sample = compliance["inspection"]!;
        Assert.Equal((2, 2, 1, 1, true), ((int)sample["completed"]!, (int)sample["inspected"]!, (int)sample["critical"]!, (int)sample["criticalInspected"]!,
            (bool)sample["sampleMet"]!));
        Assert.Equal((1, 1, 0), (Counts(Line(compliance, "Q3")).Applicable, Counts(Line(compliance, "Q3")).Met, Counts(Line(compliance, "Q3")).Breached));
        Assert.Equal((2, 1, 0, 1), (Counts(Line(compliance, "P9")).Applicable, Counts(Line(compliance, "P9")).Met, Counts(Line(compliance, "P9")).Breached,
            Counts(Line(compliance, "P9")).Open));

        var assessment = await technician.GetAsync($"/api/technicians/t-e2e/assessment?{Period}");
        Assert.Equal((2, 1, 1), ((int)assessment["completed"]!, (int)assessment["firstTimeFixes"]!, (int)assessment["reworked"]!));
        Assert.Equal((3, 2), ((int)assessment["inspections"]!, (int)assessment["inspectionsPassed"]!));
        Assert.Equal((1, 3.0, 1), ((int)assessment["callbacks"]!, (double)assessment["meanSatisfaction"]!, (int)assessment["complaints"]!));
    }

    /// <summary>Issue 15.4: the dashboard's whole-period compliance is the compliance report's, figure for figure, for
    /// every region and for one; its day buckets hold the same cohort; a reworked repair is Q4's met line; the
    /// technician's utilisation counts the minutes they held the orders.</summary>
    [Fact]
    public async Task S1_H2_Q4_the_dashboard_figures_equal_the_compliance_report_for_the_period_and_a_region()
    {
        var walked = await WorkOrderWalkTests.WalkP1ToP9Async(factory.Personas, "t-kpi-1");
        await operatorApi.PutAsync("/api/technicians/t-kpi-2", Intakes.Technician(), HttpStatusCode.Created);
        var late = await operatorApi.ReportAsync();
        await operatorApi.PostAsync($"/api/work-orders/{late}/triage", new { onSite = true });
        await operatorApi.PostAsync($"/api/work-orders/{late}/dispatch", new { technicianId = "t-kpi-2" });
        await factory.AdvanceAsync(TimeSpan.FromMinutes(16));
        await factory.Audit.WaitForAsync(e => e.Action == "breach" && e.SubjectId == late, $"the P3 breach of {late}");
        var reworked = (await Walks.InRepairAsync(factory.Personas, operatorApi, "t-kpi-2", Intakes.Body())).Id;
        var technician = await factory.Personas.TechnicianAsync("t-kpi-2");
        var inspector = await factory.Personas.AsAsync("inspector-1", Roles.Inspector);
        await factory.AdvanceAsync(TimeSpan.FromMinutes(30));
        await technician.PostAsync($"/api/work-orders/{reworked}/complete", Checks.CompleteBody());
        await inspector.PostAsync($"/api/work-orders/{reworked}/inspection", Checks.FailBody("cycles off after 5 minutes"));
        await factory.AdvanceAsync(TimeSpan.FromMinutes(20));
        await technician.PostAsync($"/api/work-orders/{reworked}/complete", Checks.CompleteBody("thermostat replaced"));

        var auditor = await factory.Personas.AsAsync("auditor-1", Roles.Auditor);
        foreach (var region in new[] { "", "&region=north" })
        {
            var compliance = await auditor.GetAsync($"/api/reports/compliance?{Period}{region}");
            var kpis = await auditor.GetAsync($"/api/reports/kpis?{Period}{region}&bucket=day");
            Assert.True(JsonNode.DeepEquals(compliance, kpis["period"]!["compliance"]), $"dashboard compliance ({region}) differs:\n{kpis["period"]!["compliance"]}\n{compliance}");
            Assert.Equal(3, (int)compliance["orders"]!);
            var buckets = (JsonArray)kpis["buckets"]!;
            Assert.Equal(3, buckets.Sum(b => (int)b!["compliance"]!["orders"]!));
        }

        var all = await auditor.GetAsync($"/api/reports/kpis?{Period}&bucket=week");
        Assert.Equal("week", (string?)all["bucket"]);
        Assert.Equal([reworked], Line(all["period"]!["compliance"]!.AsObject(), "Q4")["metOrders"]!.AsArray().Select(n => (string)n!));
        Assert.Equal([late], Line(all["period"]!["compliance"]!.AsObject(), "P3")["breachedOrders"]!.AsArray().Select(n => (string)n!));
        var period = all["period"]!;
        Assert.Equal([walked], period["satisfaction"]!["orders"]!.AsArray().Select(n => (string)n!));
        Assert.Equal((1, 5.0), ((int)period["satisfaction"]!["count"]!, (double)period["satisfaction"]!["mean"]!));
        Assert.Equal((0, 2), ((int)period["firstTimeFix"]!["part"]!, (int)period["firstTimeFix"]!["whole"]!));
        var held = ((JsonArray)period["utilisation"]!["technicians"]!).Single(t => (string?)t!["technicianId"] == "t-kpi-2")!;
        // In repair 30 minutes before its completion, and 20 more for the rework; nothing else of theirs was accepted.
        Assert.Equal(50.0, (double)held["assignedMinutes"]!);
        Assert.Contains(reworked, held["orders"]!.AsArray().Select(n => (string)n!));

        var south = await auditor.GetAsync($"/api/reports/kpis?{Period}&region=south");
        Assert.Equal(0, (int)south["period"]!["compliance"]!["orders"]!);
        Assert.Equal(0, (int)(await auditor.GetAsync($"/api/reports/compliance?{Period}&region=south"))["orders"]!);
        await technician.GetAsync($"/api/reports/kpis?{Period}", HttpStatusCode.Forbidden);
        await (await factory.Personas.AsAsync("manager-1", Roles.Manager)).GetAsync($"/api/reports/kpis?{Period}");
    }

    [Fact]
    public async Task H2_a_technician_reads_only_their_own_assessment_and_no_report()
    {
        await operatorApi.PutAsync("/api/technicians/t-own", Intakes.Technician(), HttpStatusCode.Created);
        await operatorApi.PutAsync("/api/technicians/t-other", Intakes.Technician(), HttpStatusCode.Created);
        var technician = await factory.Personas.TechnicianAsync("t-own");

        var own = await technician.GetAsync($"/api/technicians/t-own/assessment?{Period}");
        await technician.GetAsync($"/api/technicians/t-other/assessment?{Period}", HttpStatusCode.NotFound);
        await operatorApi.GetAsync($"/api/technicians/t-other/assessment?{Period}");
        await operatorApi.GetAsync($"/api/technicians/t-nobody/assessment?{Period}", HttpStatusCode.NotFound);
        await technician.GetAsync($"/api/reports/compliance?{Period}", HttpStatusCode.Forbidden);
        await technician.GetAsync($"/api/reports/technicians?{Period}", HttpStatusCode.Forbidden);
        Assert.Equal(("t-own", 0), ((string?)own["technicianId"], (int)own["completed"]!));
        var agent = await factory.Personas.AgentAsync();
        await agent.GetAsync($"/api/technicians/t-own/assessment?{Period}", HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("/api/reports/compliance", "from")]
    [InlineData("/api/reports/compliance?from=2026-11-27T07:00:00Z", "to")]
    [InlineData("/api/reports/compliance?from=2026-11-27T07:00:00Z&to=2026-11-27T06:00:00Z", "to")]
    [InlineData("/api/reports/compliance?from=2025-11-26T07:00:00Z&to=2026-11-28T07:00:00Z", "to")]
    [InlineData("/api/reports/compliance?from=2026-11-27T07:00:00Z&to=2026-11-28T07:00:00Z&format=xml", "format")]
    [InlineData("/api/reports/compliance?from=2026-11-27T07:00:00Z&to=2026-11-28T07:00:00Z&region=no%20such", "region")]
    [InlineData("/api/reports/kpis?to=2026-11-28T07:00:00Z", "from")]
    [InlineData("/api/reports/kpis?from=2026-11-27T07:00:00Z&to=2026-11-28T07:00:00Z&bucket=year", "bucket")]
    [InlineData("/api/reports/kpis?from=2026-11-27T07:00:00Z&to=2026-11-28T07:00:00Z&region=no%20such", "region")]
    [InlineData("/api/technicians/t-1/assessment?to=2026-11-28T07:00:00Z", "from")]
    [InlineData("/api/technicians/t-1/assessment?from=2026-11-28T07:00:00Z&to=2026-11-28T07:00:00Z", "to")]
    [InlineData("/api/reports/technicians?from=2026-11-27T07:00:00Z&to=2026-11-28T07:00:00Z&region=no%20such", "region")]
    [InlineData("/api/reports/technicians?from=2026-01-01T00:00:00Z&to=2027-01-03T00:00:00Z", "to")]
    public async Task S1_H2_a_missing_reversed_or_too_long_period_is_a_422_naming_the_field(string path, string field)
    {
        // 366 days (a leap year) is the longest period accepted; the long cases above ask for 367.
        await operatorApi.GetAsync("/api/reports/compliance?from=2025-11-27T07:00:00Z&to=2026-11-28T07:00:00Z");
        var problem = await operatorApi.GetAsync(path, HttpStatusCode.UnprocessableEntity);

        Assert.NotNull(problem["errors"]![field]);
    }
}
