using FieldService.Audit;
using FieldService.Clocks;
using FieldService.Grains.Reports;
using FieldService.WorkOrders;
using FieldService.Reports;

namespace FieldService.Tests.Domain;

/// <summary>
/// The S1 compliance report and the H2 assessment against one hand-built day of audit entries, every figure counted
/// by hand (the comment on each order says what it is for). The period is the whole day [From, To).
/// </summary>
public sealed class ReportCalculatorTests
{
    /// <summary>The day of orders every report test counts by hand (also the dashboard's, <c>KpiCalculatorTests</c>).</summary>
    internal static readonly IReadOnlyList<FieldService.Audit.AuditEntry> Day = BuildDay();

    private static IReadOnlyList<FieldService.Audit.AuditEntry> BuildDay()
    {
        var trail = new ReportTrail();

        // wo-1: not dispatched within the hour (P2 breach), then repaired by t-a: arrive 120, complete 195; satisfaction 4.
        trail.Report("wo-1", 0).Triage(5).Breach(60, ClockKind.Dispatch).Offer(70, "t-a").Travel(75, 120)
            .Complete(195, InspectionReason.NotSampled).HandOver(200).Callback(300, 4);

        // wo-2: t-b lets the offer run out (P3 breach, missed accept); t-a accepts, waits for parts (no first-time fix): arrive 90, complete 200.
        trail.Report("wo-2", 10, Priority.High).Triage(12).Offer(15, "t-b").Breach(30, ClockKind.Accept)
            .Offer(32, "t-a").Travel(35, 90).Step(110, AuditActions.AwaitParts, "awaiting-parts", "waiting for 1 x CB-9000")
            .Step(170, AuditActions.StartRepair, "in-repair").Complete(200, InspectionReason.NotSampled).HandOver(210);
        trail.MissedAccept(30, "t-b", "wo-2");

        // wo-3: an emergency; t-c does not contact the customer within 30 min (E2 contact breach) but arrives within 2 h;
        // sampled and passed: arrive 130, complete 180; satisfaction 5.
        trail.Report("wo-3", 20, Priority.Emergency).Triage(21).Offer(22, "t-c").Step(24, AuditActions.Accept, "accepted")
            .Breach(52, ClockKind.EmergencyContact).Step(55, AuditActions.Contact, null, "customer contacted by phone")
            .Step(56, AuditActions.EnRoute, "en-route").Arrive(130).Complete(180, InspectionReason.Sampled, awaitsInspection: true).Inspect(200, passed: true)
            .HandOver(210).Callback(400, 5);

        // wo-4: an agreed arrival kept by t-d (P4 met), parts issued and recorded as used (M3 met): arrive 200, complete 260;
        // the callback comes the next day, after the period (counts for the cohort, not for the day's assessment).
        trail.Report("wo-4", 30, arrivalAgreed: true).ToRepair(31, "t-d", 35, 40, 200)
            .Step(207, AuditActions.PartsUsed, null, "1 x CB-9000 issued from van").Complete(260, InspectionReason.NotSampled).HandOver(270).Callback(1000, 1);
        trail.PartsIssue(206, "wo-4", "t-d");

        // wo-5: t-d's repair fails inspection, is reworked and passes: arrive 100, completes 150 and 200, acceptance 230;
        // satisfaction 2 with a complaint.
        trail.Report("wo-5", 40).ToRepair(41, "t-d", 42, 50, 100).Complete(150, InspectionReason.Sampled, awaitsInspection: true).Inspect(170, passed: false)
            .Complete(200, InspectionReason.ReInspection, awaitsInspection: true).Inspect(220, passed: true).HandOver(230).Callback(500, 2, complaint: true);
        trail.ComplaintOpened(505, "wo-5", "t-d");

        // wo-6: critical equipment, inspected and passed (Q3 met): arrive 150, complete 250.
        trail.Report("wo-6", 50, Priority.High).ToRepair(51, "t-c", 52, 55, 150).Complete(250, InspectionReason.Critical, awaitsInspection: true)
            .Inspect(280, passed: true).HandOver(290);

        // wo-7: critical equipment handed over without inspection (Q3 breach); the callback runs out the next day (P9 breach).
        trail.Report("wo-7", 60, Priority.Low).ToRepair(61, "t-e", 62, 70, 150).Complete(170, InspectionReason.Critical).HandOver(180)
            .Breach(1610, ClockKind.Callback);

        // wo-8: an emergency cancelled while offered: P3 and E2 were not decided, so they do not apply.
        trail.Report("wo-8", 70, Priority.Emergency).Triage(71).Offer(72, "t-e").Step(80, AuditActions.Cancel, "cancelled", "customer fixed it");

        // wo-9: parts issued against the order, never recorded as used (M3 breach): arrive 150, complete 240.
        trail.Report("wo-9", 80).ToRepair(81, "t-a", 82, 84, 150).Complete(240, InspectionReason.NotSampled);
        trail.PartsIssue(165, "wo-9", "t-a");

        // wo-11: resolved remotely at triage: in the cohort, but no clause applies.
        trail.Report("wo-11", 90).Step(95, AuditActions.Triage, "closed", "resolved remotely");

        // wo-10: reported and accepted the day before (not in the cohort), arrived before the period, completed in it: arrive -501, complete 30.
        trail.Report("wo-10", -600).ToRepair(-590, "t-a", -580, -570, -501).Complete(30, InspectionReason.NotSampled).HandOver(40);

        return trail.Entries;
    }

    private static ClauseCompliance Line(ComplianceReport report, string clause) => report.Clauses.Single(c => c.Clause == clause);

    private static (int Applicable, int Met, int Breached, int Open, int NotApplicable) Counts(ClauseCompliance line) =>
        (line.Applicable, line.Met, line.Breached, line.Open, line.NotApplicable);

    [Fact]
    public void S1_the_cohort_is_the_orders_reported_in_the_period()
    {
        var report = ComplianceCalculator.Compute(ReportTrail.From, ReportTrail.To, [.. Day]);

        Assert.Equal(10, report.Orders);
        Assert.DoesNotContain(report.Clauses, c => c.MetOrders.Contains("wo-10") || c.BreachedOrders.Contains("wo-10"));
        Assert.Equal(0, ComplianceCalculator.Compute(ReportTrail.To, ReportTrail.To.AddDays(1), [.. Day]).Orders);
    }

    [Fact]
    public void S1_P2_P3_P4_count_met_breached_and_cancelled_orders_per_clause()
    {
        var report = ComplianceCalculator.Compute(ReportTrail.From, ReportTrail.To, [.. Day]);

        Assert.Equal((9, 8, 1, 0, 0), Counts(Line(report, "P2")));
        Assert.Equal(["wo-1"], Line(report, "P2").BreachedOrders);
        Assert.Equal((9, 7, 1, 0, 1), Counts(Line(report, "P3")));
        Assert.Equal(["wo-2"], Line(report, "P3").BreachedOrders);
        Assert.Equal(["wo-1", "wo-3", "wo-4", "wo-5", "wo-6", "wo-7", "wo-9"], Line(report, "P3").MetOrders);
        Assert.Equal(0.875, Line(report, "P3").Rate);
        Assert.Equal((1, 1, 0, 0, 0), Counts(Line(report, "P4")));
        Assert.Equal(["wo-4"], Line(report, "P4").MetOrders);
    }

    [Fact]
    public void S1_E2_attributes_a_missed_contact_to_its_own_line_and_a_cancelled_emergency_is_not_applicable()
    {
        var report = ComplianceCalculator.Compute(ReportTrail.From, ReportTrail.To, [.. Day]);

        Assert.Equal((2, 0, 1, 0, 1), Counts(Line(report, "E2-contact")));
        Assert.Equal(["wo-3"], Line(report, "E2-contact").BreachedOrders);
        Assert.Equal((2, 1, 0, 0, 1), Counts(Line(report, "E2-arrival")));
        Assert.Equal(["wo-3"], Line(report, "E2-arrival").MetOrders);
    }

    [Fact]
    public void S1_P9_counts_callbacks_recorded_after_the_period_and_leaves_the_rest_open()
    {
        var report = ComplianceCalculator.Compute(ReportTrail.From, ReportTrail.To, [.. Day]);

        Assert.Equal((8, 4, 1, 3, 0), Counts(Line(report, "P9")));
        Assert.Equal(["wo-1", "wo-3", "wo-4", "wo-5"], Line(report, "P9").MetOrders);
        Assert.Equal(["wo-7"], Line(report, "P9").BreachedOrders);
    }

    [Fact]
    public void S1_Q3_reports_the_inspected_share_and_a_critical_order_handed_over_uninspected()
    {
        var report = ComplianceCalculator.Compute(ReportTrail.From, ReportTrail.To, [.. Day]);

        var q3 = report.Inspection;
        Assert.Equal((8, 3, 0.375, true, 2, 1), (q3.Completed, q3.Inspected, q3.InspectedShare, q3.SampleMet, q3.Critical, q3.CriticalInspected));
        Assert.Equal(["wo-1", "wo-2", "wo-3", "wo-4", "wo-5", "wo-6", "wo-7", "wo-9"], q3.CompletedOrders);
        Assert.Equal(["wo-3", "wo-5", "wo-6"], q3.InspectedOrders);
        Assert.Equal((2, 1, 1, 0, 0), Counts(Line(report, "Q3")));
        Assert.Equal(["wo-6"], Line(report, "Q3").MetOrders);
        Assert.Equal(["wo-7"], Line(report, "Q3").BreachedOrders);
    }

    [Fact]
    public void S1_Q3_a_sample_under_ten_percent_is_reported_as_not_met()
    {
        var trail = new ReportTrail();
        for (var i = 0; i < 11; i++)
        {
            var order = trail.Report($"q-{i}", i).ToRepair(100, "t-q", 101, 102, 200);
            _ = i == 0 ? order.Complete(300, InspectionReason.Sampled, awaitsInspection: true).Inspect(310, passed: true) : order.Complete(300, InspectionReason.NotSampled);
        }

        var report = ComplianceCalculator.Compute(ReportTrail.From, ReportTrail.To, [.. trail.Entries]);

        Assert.Equal((11, 1, 0.0909, false), (report.Inspection.Completed, report.Inspection.Inspected, report.Inspection.InspectedShare, report.Inspection.SampleMet));
    }

    [Fact]
    public void S1_M3_counts_parts_issues_against_cohort_orders_and_breaches_those_never_recorded_as_used()
    {
        var report = ComplianceCalculator.Compute(ReportTrail.From, ReportTrail.To, [.. Day]);

        Assert.Equal((2, 1, 1, 0, 0), Counts(Line(report, "M3")));
        Assert.Equal(["wo-4"], Line(report, "M3").MetOrders);
        Assert.Equal(["wo-9"], Line(report, "M3").BreachedOrders);
    }

    [Fact]
    public void S1_the_csv_has_one_row_per_figure_and_quotes_nothing_it_need_not()
    {
        var csv = ComplianceCsv.Write(ComplianceCalculator.Compute(ReportTrail.From, ReportTrail.To, [.. Day]));
        var rows = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("clause,measure,value", rows[0]);
        Assert.Contains(",orders,10", rows);
        Assert.Contains("P2,breached,1", rows);
        Assert.Contains("P3,rate,0.875", rows);
        Assert.Contains("P3,breached-orders,wo-2", rows);
        Assert.Contains("P9,met-orders,wo-1 wo-3 wo-4 wo-5", rows);
        Assert.Contains("E2-contact,not-applicable,1", rows);
        Assert.Contains("P4,rate,1", rows);
        Assert.Contains("Q3,inspected-share,0.375", rows);
        Assert.Contains("Q3,sample-at-least-10-percent,yes", rows);
        Assert.Contains("M3,breached-orders,wo-9", rows);
        Assert.Contains("Q4,met-orders,wo-5", rows);
        Assert.Equal(4 + (9 * 8) + 6, rows.Length);
        Assert.All(rows, r => Assert.Equal(2, r.Count(c => c == ',')));
    }

    [Fact]
    public void H2_first_time_fix_and_mean_time_to_repair_use_the_order_histories_behind_the_period()
    {
        var a = AssessmentCalculator.Compute("t-a", ReportTrail.From, ReportTrail.To, [.. Day]);

        // Completed: wo-1, wo-2, wo-9, wo-10; wo-2 waited for parts. Repairs: 75, 110, 90 and 531 minutes.
        Assert.Equal((4, 3, 0.75), (a.Completed, a.FirstTimeFixes, a.FirstTimeFixRate));
        Assert.Equal(201.5, a.MeanTimeToRepairMinutes);
        Assert.Equal((0, 0.0), (a.Reworked, a.ReworkRate));
        // The accept of wo-10 was the day before: not this period's.
        Assert.Equal([("P3", 3, 0), ("P4", 0, 0), ("E2-contact", 0, 0), ("E2-arrival", 0, 0)], a.Sla.Select(s => (s.Clause, s.Met, s.Breached)));
        Assert.Equal((1, 4.0, 0, 0, (double?)null), (a.Callbacks, a.MeanSatisfaction, a.Complaints, a.MissedAccepts, a.InspectionPassRate));
    }

    [Fact]
    public void H2_a_P3_timeout_counts_against_the_technician_who_let_it_run_out()
    {
        var b = AssessmentCalculator.Compute("t-b", ReportTrail.From, ReportTrail.To, [.. Day]);

        Assert.Equal(("P3", 0, 1, 0.0), (b.Sla[0].Clause, b.Sla[0].Met, b.Sla[0].Breached, b.Sla[0].Rate));
        Assert.Equal((1, 0, (double?)null), (b.MissedAccepts, b.Completed, b.FirstTimeFixRate));
    }

    [Fact]
    public void H2_E2_a_late_contact_is_a_breach_and_not_also_met()
    {
        var c = AssessmentCalculator.Compute("t-c", ReportTrail.From, ReportTrail.To, [.. Day]);

        Assert.Equal([("P3", 2, 0), ("P4", 0, 0), ("E2-contact", 0, 1), ("E2-arrival", 1, 0)], c.Sla.Select(s => (s.Clause, s.Met, s.Breached)));
        Assert.Equal((2, 2, 75.0), (c.Completed, c.FirstTimeFixes, c.MeanTimeToRepairMinutes));
        Assert.Equal((2, 2, 1.0, 5.0), (c.Inspections, c.InspectionsPassed, c.InspectionPassRate, c.MeanSatisfaction));
    }

    [Fact]
    public void H2_rework_inspections_satisfaction_and_complaints_and_later_facts_do_not_count()
    {
        var d = AssessmentCalculator.Compute("t-d", ReportTrail.From, ReportTrail.To, [.. Day]);

        // wo-4 and wo-5; wo-5 failed inspection: repair 60 and 100 minutes (to the rework's completion).
        Assert.Equal((2, 1, 0.5, 1, 0.5), (d.Completed, d.FirstTimeFixes, d.FirstTimeFixRate, d.Reworked, d.ReworkRate));
        Assert.Equal(80.0, d.MeanTimeToRepairMinutes);
        Assert.Equal([("P3", 2, 0), ("P4", 1, 0), ("E2-contact", 0, 0), ("E2-arrival", 0, 0)], d.Sla.Select(s => (s.Clause, s.Met, s.Breached)));
        Assert.Equal((2, 1, 0.5), (d.Inspections, d.InspectionsPassed, d.InspectionPassRate));
        // wo-4's callback (satisfaction 1) is the next day.
        Assert.Equal((1, 2.0, 1), (d.Callbacks, d.MeanSatisfaction, d.Complaints));
    }

    [Fact]
    public void H2_the_ranking_lists_every_active_technician_by_composite_score()
    {
        var active = TechnicianRanker.ActiveIn(ReportTrail.From, ReportTrail.To, Day);
        var ranked = TechnicianRanker.Rank(active.Select(id =>
            (AssessmentCalculator.Compute(id, ReportTrail.From, ReportTrail.To, [.. Day]), (string?)null, (string?)null)));

        Assert.Equal(["t-a", "t-b", "t-c", "t-d", "t-e"], active);
        // t-e: fix 1, SLA 1 → 100; t-c: (0.3·1 + 0.3·0.75 + 0.2·1 + 0.2·1) → 92.5; t-a: (0.3·0.75 + 0.3·1 + 0.2·0.75) / 0.8 → 84.4;
        // t-d: 0.3·0.5 + 0.3·1 + 0.2·0.25 + 0.2·0.5 = 60, less 5 for the complaint → 55; t-b: SLA 0, less 2 for the missed accept → 0.
        Assert.Equal(["t-e", "t-c", "t-a", "t-d", "t-b"], ranked.Select(r => r.Assessment.TechnicianId));
        Assert.Equal([1, 2, 3, 4, 5], ranked.Select(r => r.Rank));
        Assert.Equal([100, 92.5, 84.4, 55, 0], ranked.Select(r => r.Score!.Value));
    }

    /// <summary>Issue 13.1: the reports read typed facts, not prose. Every figure of the compliance report (lines,
    /// Q3 sample, CSV), of every technician's assessment and of the ranking is computed over the day, then again with
    /// every reason rewritten, and must not move; the figures are non-trivial, so a report that still read a reason
    /// would change (or have been zero) and fail here.</summary>
    [Fact]
    public void Reports_figures_do_not_depend_on_reason_text()
    {
        var reworded = Day.Select(e => e with { Reason = "reworded" }).ToList();
        string Figures(IReadOnlyList<AuditEntry> entries)
        {
            var compliance = ComplianceCalculator.Compute(ReportTrail.From, ReportTrail.To, [.. entries]);
            var active = TechnicianRanker.ActiveIn(ReportTrail.From, ReportTrail.To, entries);
            var assessments = active.Select(id => AssessmentCalculator.Compute(id, ReportTrail.From, ReportTrail.To, [.. entries])).ToList();
            var ranking = TechnicianRanker.Rank(assessments.Select(a => (a, (string?)null, (string?)null)));
            return System.Text.Json.JsonSerializer.Serialize(new { compliance, csv = ComplianceCsv.Write(compliance), assessments, ranking },
                FieldService.FieldServiceJson.Options);
        }

        Assert.All(reworded, e => Assert.Equal("reworded", e.Reason));
        Assert.Equal(Figures(Day), Figures(reworded));

        var report = ComplianceCalculator.Compute(ReportTrail.From, ReportTrail.To, [.. reworded]);
        Assert.All(report.Clauses, line => Assert.True(line.Applicable > 0 && line.Met + line.Breached > 0, $"{line.Clause} has no decided order"));
        Assert.All(new[] { "P2", "P3", "E2-contact", "P9", "Q3", "M3" }, clause => Assert.True(Line(report, clause).Breached > 0, $"{clause} has no breach"));
        Assert.True(report.Inspection is { Critical: > 0, CriticalInspected: > 0, Inspected: > 0 }, "Q3 sample is empty");
        var d = AssessmentCalculator.Compute("t-d", ReportTrail.From, ReportTrail.To, [.. reworded]);
        Assert.Equal((1, 2.0, 1, 1), (d.Callbacks, d.MeanSatisfaction, d.Complaints, d.Reworked));
        Assert.Equal(1, AssessmentCalculator.Compute("t-b", ReportTrail.From, ReportTrail.To, [.. reworded]).MissedAccepts);
    }

    [Fact]
    public void Issue16_P4_applies_to_an_order_whose_arrival_was_agreed_at_triage_as_one_reported_by_mail_is()
    {
        var trail = new ReportTrail();
        // wo-mail: reported by mail with no time; the arrival agreed at triage, kept by t-m. wo-plain: none agreed at all.
        trail.Report("wo-mail", 0).Step(5, AuditActions.Triage, "triaged", "on-site visit needed", new AuditEntryFacts { AgreedArrivalBy = ReportTrail.At(240) })
            .Offer(10, "t-m").Travel(12, 100);
        trail.Report("wo-plain", 1).ToRepair(6, "t-m", 11, 13, 110);

        var report = ComplianceCalculator.Compute(ReportTrail.From, ReportTrail.To, [.. trail.Entries]);
        var assessed = AssessmentCalculator.Compute("t-m", ReportTrail.From, ReportTrail.To, [.. trail.Entries]);

        Assert.Equal((1, 1, 0, 0, 0), Counts(Line(report, "P4")));
        Assert.Equal(["wo-mail"], Line(report, "P4").MetOrders);
        Assert.Equal(("P4", 1, 0), assessed.Sla.Where(s => s.Clause == "P4").Select(s => (s.Clause, s.Met, s.Breached)).Single());
    }
}
