using FieldService.Audit;
using FieldService.Clocks;
using FieldService.Grains.Clocks;
using FieldService.WorkOrders;

namespace FieldService.Tests.Domain;

/// <summary>A hand-built audit trail for the report calculators: entries as the lifecycle, the clocks, the parts
/// bins, the technicians and the complaints record them — actions from <see cref="AuditActions"/> and typed
/// <see cref="AuditEntryFacts"/> — at minutes from <see cref="T0"/>. The reasons are prose only: the reports never
/// read them (<c>Reports_figures_do_not_depend_on_reason_text</c>).</summary>
public sealed class ReportTrail
{
    /// <summary>08:00 on the report day; the period under test is that whole day (minutes -480 to 960).</summary>
    public static readonly DateTimeOffset T0 = new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset From = T0.AddHours(-8);

    public static readonly DateTimeOffset To = T0.AddHours(16);

    private readonly List<AuditEntry> entries = [];
    private long other;

    public IReadOnlyList<AuditEntry> Entries => entries;

    public static DateTimeOffset At(int minute) => T0.AddMinutes(minute);

    /// <summary>Reports an order of <paramref name="priority"/>; with <paramref name="arrivalAgreed"/>, an arrival agreed by minute 240 (P4).</summary>
    public Order Report(string id, int minute, Priority priority = Priority.Normal, bool arrivalAgreed = false, string? region = null)
    {
        var order = new Order(this, id);
        return order.Step(minute, AuditActions.Report, "reported", $"{priority} fault reported by phone",
            new AuditEntryFacts { Priority = priority, AgreedArrivalBy = arrivalAgreed ? At(240) : null, Region = region });
    }

    public ReportTrail PartsIssue(int minute, string workOrderId, string technicianId) =>
        Add(new AuditEntry("parts-bin", "north-van", ++other, At(minute), Actor.System, AuditActions.Issue, null, null, "-1 CB-9000 at van", workOrderId,
            technicianId, new AuditEntryFacts { Parts = [new PartLine("van", "CB-9000", -1)] }));

    public ReportTrail MissedAccept(int minute, string technicianId, string workOrderId) =>
        Add(new AuditEntry("technician", technicianId, ++other, At(minute), Actor.System, AuditActions.MissedAccept, "available", "available",
            $"work order {workOrderId}: offer not accepted in time (P3)", workOrderId, technicianId));

    public ReportTrail ComplaintOpened(int minute, string workOrderId, string technicianId) =>
        Add(new AuditEntry("complaint", "cmp-" + workOrderId, 1, At(minute), Actor.System, AuditActions.ComplaintOpened, null, "open",
            "customer unhappy with the repair", workOrderId, technicianId));

    private ReportTrail Add(AuditEntry entry)
    {
        entries.Add(entry);
        return this;
    }

    /// <summary>One order's history: each step from the current status, naming the technician holding the order.</summary>
    public sealed class Order(ReportTrail trail, string id)
    {
        private long sequence;
        private string? status;
        private string? technician;

        public string Id => id;

        public ReportTrail Trail => trail;

        public Order Step(int minute, string action, string? to = null, string? reason = null, AuditEntryFacts? facts = null)
        {
            trail.Add(new AuditEntry("work-order", id, ++sequence, At(minute), Actor.System, action, status, to ?? status, reason, id, technician, facts));
            status = to ?? status;
            return this;
        }

        public Order Offer(int minute, string technicianId)
        {
            technician = technicianId;
            return Step(minute, AuditActions.Dispatch, "dispatched", $"offered to {technicianId}");
        }

        /// <summary>A clock ran out; a P3 breach also withdraws the offer (back to triaged, nobody holds it).</summary>
        public Order Breach(int minute, ClockKind clock)
        {
            var withdrawn = clock == ClockKind.Accept && status == "dispatched";
            var row = ClockCatalog.Of(clock);
            Step(minute, AuditActions.Breach, withdrawn ? "triaged" : null, $"{row.Clause}: {row.Late}", new AuditEntryFacts { Clause = row.Clause, Clock = clock });
            technician = withdrawn ? null : technician;
            return this;
        }

        /// <summary>Triage on site, offer, accept, travel, arrive, diagnose, start the repair.</summary>
        public Order ToRepair(int triage, string technicianId, int offer, int accept, int arrive) =>
            Triage(triage).Offer(offer, technicianId).Travel(accept, arrive);

        public Order Triage(int minute) => Step(minute, AuditActions.Triage, "triaged", "on-site visit needed");

        /// <summary>Accept, set off a minute later, arrive, diagnose and start the repair a minute apart.</summary>
        public Order Travel(int accept, int arrive) =>
            Step(accept, AuditActions.Accept, "accepted").Step(accept + 1, AuditActions.EnRoute, "en-route").Arrive(arrive);

        public Order Arrive(int minute) =>
            Step(minute, AuditActions.Arrive, "on-site").Step(minute + 1, AuditActions.Diagnosis, "diagnosed", "control board").Step(minute + 2, AuditActions.StartRepair, "in-repair");

        public Order HandOver(int acceptance) =>
            Step(acceptance, AuditActions.Acceptance, "customer-accepted", "customer signed the work order").Step(acceptance + 5, AuditActions.Cleanup, "cleaned-up");

        public Order Callback(int minute, int satisfaction, bool complaint = false) =>
            Step(minute, AuditActions.Callback, "closed", $"satisfaction {satisfaction}/5" + (complaint ? "; complaint recorded" : ""),
                new AuditEntryFacts { Satisfaction = satisfaction });

        public Order Complete(int minute, InspectionReason inspection, bool awaitsInspection = false) =>
            Step(minute, AuditActions.Complete, awaitsInspection ? "awaiting-inspection" : "completed", $"self-check passed; inspection: {inspection}",
                new AuditEntryFacts { Inspection = inspection });

        public Order Inspect(int minute, bool passed) =>
            Step(minute, AuditActions.Inspection, passed ? "completed" : "in-repair", passed ? "passed: meets the standard" : "failed: leak at the joint",
                new AuditEntryFacts { InspectionPassed = passed });
    }
}
