using System.Text.Json;
using FieldService.Audit;
using FieldService.Clocks;
using FieldService.Grains.Reports;
using FieldService.Reports;
using FieldService.Technicians;
using FieldService.WorkOrders;

namespace FieldService.Tests.Domain;

/// <summary>
/// The Q4 line and the region filter of the compliance report, and the managers' dashboard, over hand-built trails:
/// the day of <see cref="ReportCalculatorTests"/> (every figure counted by hand in the comments) and small trails of
/// their own.
/// </summary>
public sealed class KpiCalculatorTests
{
    private static readonly IReadOnlyList<AuditEntry> Day = ReportCalculatorTests.Day;

    private static ClauseCompliance Line(ComplianceReport report, string clause) => report.Clauses.Single(c => c.Clause == clause);

    private static string Json(object value) => JsonSerializer.Serialize(value, FieldServiceJson.Options);

    private static Technician Technician(string id, string region = "north", IReadOnlyList<WeeklyShift>? shifts = null, IReadOnlyList<LeavePeriod>? leave = null) => new()
    {
        Id = id,
        Profile = new TechnicianProfile(id, region, [new Skill("hvac", 2)], new GeoPoint(31.2, 121.4), 2, null),
        DutyStatus = TechnicianStatus.Available,
        Shifts = shifts ?? [],
        Leave = leave ?? [],
    };

    private static KpiDashboard Dashboard(IReadOnlyList<AuditEntry> entries, string? region = null, KpiBucket bucket = KpiBucket.Day,
        DateTimeOffset? to = null, IReadOnlyCollection<Technician>? technicians = null) =>
        KpiCalculator.Compute(ReportTrail.From, to ?? ReportTrail.To, region, bucket, ReportTrail.To.AddDays(30), [.. entries], technicians ?? []);

    [Fact]
    public void Q4_a_rework_completed_again_meets_the_clause_its_clock_running_out_breaches_it()
    {
        var trail = new ReportTrail();
        // Reworked and completed again in time; a second failure reworked too.
        trail.Report("q4-met", 0).ToRepair(1, "t-a", 2, 3, 10).Complete(60, InspectionReason.Sampled, awaitsInspection: true).Inspect(70, passed: false)
            .Complete(120, InspectionReason.ReInspection, awaitsInspection: true).Inspect(130, passed: false)
            .Complete(150, InspectionReason.ReInspection, awaitsInspection: true).Inspect(160, passed: true);
        // The rework clock runs out: a breach, even though the rework was completed later.
        trail.Report("q4-late", 0).ToRepair(1, "t-b", 2, 3, 10).Complete(60, InspectionReason.Sampled, awaitsInspection: true).Inspect(70, passed: false)
            .Breach(900, ClockKind.Rework).Complete(930, InspectionReason.ReInspection, awaitsInspection: true);
        // Failed, rework still running; failed and cancelled; passed at once (Q4 does not apply).
        trail.Report("q4-open", 0).ToRepair(1, "t-c", 2, 3, 10).Complete(60, InspectionReason.Sampled, awaitsInspection: true).Inspect(70, passed: false);
        trail.Report("q4-gone", 0).ToRepair(1, "t-c", 2, 3, 10).Complete(60, InspectionReason.Sampled, awaitsInspection: true).Inspect(70, passed: false)
            .Step(80, AuditActions.Cancel, "cancelled", "customer withdrew");
        trail.Report("q4-none", 0).ToRepair(1, "t-c", 2, 3, 10).Complete(60, InspectionReason.Sampled, awaitsInspection: true).Inspect(70, passed: true);

        var report = ComplianceCalculator.Compute(ReportTrail.From, ReportTrail.To, [.. trail.Entries]);

        var q4 = Line(report, Clauses.Q4);
        Assert.Equal((4, 1, 1, 1, 1), (q4.Applicable, q4.Met, q4.Breached, q4.Open, q4.NotApplicable));
        Assert.Equal(["q4-met"], q4.MetOrders);
        Assert.Equal(["q4-late"], q4.BreachedOrders);
        Assert.Equal(0.5, q4.Rate);
        var csv = ComplianceCsv.Write(report).Split("\r\n");
        Assert.Contains("Q4,breached-orders,q4-late", csv);
        Assert.Contains("Q4,rate,0.5", csv);
        Assert.Equal(Clauses.All, report.Clauses.Select(c => c.Clause));
    }

    [Fact]
    public void S1_a_region_limits_the_cohort_to_the_orders_reported_in_it()
    {
        var trail = new ReportTrail();
        trail.Report("n-1", 0, region: "north").Triage(5).Offer(10, "t-a").Travel(12, 60);
        trail.Report("n-2", 0, region: "north").Triage(5).Offer(10, "t-a").Breach(25, ClockKind.Accept);
        trail.Report("s-1", 0, region: "south").Triage(5).Offer(10, "t-s").Breach(25, ClockKind.Accept);

        var north = ComplianceCalculator.Compute(ReportTrail.From, ReportTrail.To, [.. trail.Entries], "north");
        var all = ComplianceCalculator.Compute(ReportTrail.From, ReportTrail.To, [.. trail.Entries]);

        Assert.Equal((2, "north"), (north.Orders, north.Region));
        Assert.Equal(["n-1"], Line(north, Clauses.P3).MetOrders);
        Assert.Equal(["n-2"], Line(north, Clauses.P3).BreachedOrders);
        Assert.Equal(["n-2", "s-1"], Line(all, Clauses.P3).BreachedOrders);
        Assert.Equal(0, ComplianceCalculator.Compute(ReportTrail.From, ReportTrail.To, [.. trail.Entries], "west").Orders);
        Assert.Contains(",region,north", ComplianceCsv.Write(north).Split("\r\n"));
    }

    /// <summary>The dashboard's period compliance is the compliance report by construction (the same calculator over
    /// a superset of entries); this proves the two are equal figure for figure, with and without a region.</summary>
    [Fact]
    public void S1_the_dashboards_period_compliance_equals_the_compliance_report()
    {
        Assert.Equal(Json(ComplianceCalculator.Compute(ReportTrail.From, ReportTrail.To, [.. Day])), Json(Dashboard(Day).Period.Compliance));

        var regional = Day.Select(e => e.Action == AuditActions.Report && e.SubjectId is "wo-1" or "wo-2"
            ? e with { Facts = e.Facts! with { Region = "east" } } : e).ToList();
        var east = Dashboard(regional, "east").Period.Compliance;
        Assert.Equal(Json(ComplianceCalculator.Compute(ReportTrail.From, ReportTrail.To, [.. regional], "east")), Json(east));
        Assert.Equal(2, east.Orders);
    }

    [Fact]
    public void H2_the_dashboard_counts_first_time_fixes_repair_time_inspections_satisfaction_and_complaints_over_every_order()
    {
        var period = Dashboard(Day).Period;

        // First completed in the day: wo-1..wo-7, wo-9 and wo-10; wo-2 waited for parts, wo-5 failed inspection.
        Assert.Equal((7, 9), (period.FirstTimeFix.Part, period.FirstTimeFix.Whole));
        Assert.Equal(["wo-1", "wo-10", "wo-3", "wo-4", "wo-6", "wo-7", "wo-9"], period.FirstTimeFix.PartOrders);
        // Repairs 75, 110, 50, 60, 100, 100, 20, 90 and 531 minutes: 1136 / 9.
        Assert.Equal((9, 126.2), (period.RepairMinutes.Count, period.RepairMinutes.Mean));
        // Inspections: wo-3 passed, wo-5 failed then passed, wo-6 passed.
        Assert.Equal((3, 4, 0.75), (period.InspectionPass.Part, period.InspectionPass.Whole, period.InspectionPass.Rate));
        Assert.Equal(["wo-3", "wo-5", "wo-6"], period.InspectionPass.WholeOrders);
        // Callbacks in the day: 4, 5 and 2 (wo-4's comes the next day).
        Assert.Equal((3, 3.67), (period.Satisfaction.Count, period.Satisfaction.Mean));
        Assert.Equal(["wo-1", "wo-3", "wo-5"], period.Satisfaction.Orders);
        Assert.Equal(1, period.Complaints.Count);
        Assert.Equal(["cmp-wo-5"], period.Complaints.Ids);
        Assert.Equal(["wo-5"], period.Complaints.Orders);
        Assert.Equal(period.Compliance.Inspection.CompletedOrders.Count, period.Compliance.Inspection.Completed);
    }

    [Fact]
    public void H2_utilisation_is_the_minutes_holding_an_order_over_the_minutes_on_shift_less_leave()
    {
        // Monday 2 November: a shift 08:00-16:00 UTC with an hour's leave at 10:00, and a night shift from Sunday.
        var weekday = Technician("t-a", shifts: [new WeeklyShift([DayOfWeek.Monday, DayOfWeek.Tuesday], new TimeOnly(8, 0), new TimeOnly(16, 0)),
            new WeeklyShift([DayOfWeek.Sunday], new TimeOnly(22, 0), new TimeOnly(2, 0))],
            leave: [new LeavePeriod("l-1", ReportTrail.At(120), ReportTrail.At(180), "dentist")]);
        var anyTime = Technician("t-z");

        var utilisation = Dashboard(Day, technicians: [weekday, anyTime]).Period.Utilisation;

        // t-a holds wo-10 from 00:00 (accepted the day before) to its completion at 08:30; then wo-2 from 08:35 (accept)
        // to 11:20, wo-1 and wo-9 inside that until 12:00: 510 + 205 minutes. On shift: 00:00-02:00 and 480 - 60.
        var a = utilisation.Technicians.Single(t => t.TechnicianId == "t-a");
        Assert.Equal((715.0, 540.0, 1.3241), (a.AssignedMinutes, a.ShiftMinutes, a.Rate));
        Assert.Equal(["wo-1", "wo-10", "wo-2", "wo-9"], a.Orders);
        // Without a schedule, every minute is on shift (as dispatch reads it).
        var z = utilisation.Technicians.Single(t => t.TechnicianId == "t-z");
        Assert.Equal((0.0, 1440.0, 0.0), (z.AssignedMinutes, z.ShiftMinutes, z.Rate));
        Assert.Equal((715.0, 1980.0, 0.3611), (utilisation.AssignedMinutes, utilisation.ShiftMinutes, utilisation.Rate));
    }

    [Fact]
    public void S1_H2_buckets_cut_the_period_at_day_week_and_month_boundaries_and_each_is_computed_alone()
    {
        var from = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero); // a Wednesday
        var to = new DateTimeOffset(2026, 12, 9, 0, 0, 0, TimeSpan.Zero);
        DateTimeOffset D(int month, int day) => new(2026, month, day, 0, 0, 0, TimeSpan.Zero);

        Assert.Equal([(from, D(11, 30)), (D(11, 30), D(12, 7)), (D(12, 7), to)], KpiCalculator.Buckets(from, to, KpiBucket.Week));
        Assert.Equal([(from, D(12, 1)), (D(12, 1), to)], KpiCalculator.Buckets(from, to, KpiBucket.Month));
        Assert.Equal(14, KpiCalculator.Buckets(from, to, KpiBucket.Day).Count());
        Assert.Equal((from, D(11, 26)), KpiCalculator.Buckets(from, to, KpiBucket.Day).First());

        // Two days: the first bucket is the day's own report, the second has no cohort.
        var twoDays = Dashboard(Day, to: ReportTrail.To.AddDays(1));
        Assert.Equal(2, twoDays.Buckets.Count);
        Assert.Equal(Json(ComplianceCalculator.Compute(ReportTrail.From, ReportTrail.To, [.. Day])), Json(twoDays.Buckets[0].Compliance));
        Assert.Equal(0, twoDays.Buckets[1].Compliance.Orders);
        Assert.Equal(9, twoDays.Buckets[0].FirstTimeFix.Whole);
        // wo-4's callback (satisfaction 1) falls on the second day.
        Assert.Equal((1, 1.0), (twoDays.Buckets[1].Satisfaction.Count, twoDays.Buckets[1].Satisfaction.Mean));
    }
}
