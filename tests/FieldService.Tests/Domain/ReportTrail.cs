using FieldService.Audit;

namespace FieldService.Tests.Domain;

/// <summary>A hand-built audit trail for the report calculators: entries as the lifecycle, the clocks, the parts
/// bins, the technicians and the complaints record them, at minutes from <see cref="T0"/>.</summary>
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

    /// <summary>Reports an order: "{priority} fault reported by phone", with the P4 suffix when an arrival was agreed.</summary>
    public Order Report(string id, int minute, string priority = "normal", bool arrivalAgreed = false)
    {
        var order = new Order(this, id);
        var reason = $"{priority} fault reported by phone" + (arrivalAgreed ? $"; arrival agreed by {At(240):O}" : "");
        return order.Step(minute, "report", "reported", reason);
    }

    public ReportTrail PartsIssue(int minute, string workOrderId, string technicianId) =>
        Add(new AuditEntry("parts-bin", "north-van", ++other, At(minute), Actor.System, "issue", null, null, "-1 CB-9000 at van", workOrderId, technicianId));

    public ReportTrail MissedAccept(int minute, string technicianId, string workOrderId) =>
        Add(new AuditEntry("technician", technicianId, ++other, At(minute), Actor.System, "missed-accept", "available", "available",
            $"work order {workOrderId}: offer not accepted in time (P3)", workOrderId, technicianId));

    public ReportTrail ComplaintOpened(int minute, string workOrderId, string technicianId) =>
        Add(new AuditEntry("complaint", "cmp-" + workOrderId, 1, At(minute), Actor.System, "complaint-opened", null, "open",
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

        public Order Step(int minute, string action, string? to = null, string? reason = null)
        {
            trail.Add(new AuditEntry("work-order", id, ++sequence, At(minute), Actor.System, action, status, to ?? status, reason, id, technician));
            status = to ?? status;
            return this;
        }

        public Order Offer(int minute, string technicianId)
        {
            technician = technicianId;
            return Step(minute, "dispatch", "dispatched", $"offered to {technicianId}");
        }

        /// <summary>A clock ran out; a P3 breach also withdraws the offer (back to triaged, nobody holds it).</summary>
        public Order Breach(int minute, string reason)
        {
            var withdrawn = reason.StartsWith("P3:", StringComparison.Ordinal) && status == "dispatched";
            Step(minute, "breach", withdrawn ? "triaged" : null, reason);
            technician = withdrawn ? null : technician;
            return this;
        }

        /// <summary>Triage on site, offer, accept, travel, arrive, diagnose, start the repair.</summary>
        public Order ToRepair(int triage, string technicianId, int offer, int accept, int arrive) =>
            Triage(triage).Offer(offer, technicianId).Travel(accept, arrive);

        public Order Triage(int minute) => Step(minute, "triage", "triaged", "on-site visit needed");

        /// <summary>Accept, set off a minute later, arrive, diagnose and start the repair a minute apart.</summary>
        public Order Travel(int accept, int arrive) =>
            Step(accept, "accept", "accepted").Step(accept + 1, "en-route", "en-route").Arrive(arrive);

        public Order Arrive(int minute) =>
            Step(minute, "arrive", "on-site").Step(minute + 1, "diagnosis", "diagnosed", "control board").Step(minute + 2, "start-repair", "in-repair");

        public Order HandOver(int acceptance) =>
            Step(acceptance, "acceptance", "customer-accepted", "customer signed the work order").Step(acceptance + 5, "cleanup", "cleaned-up");

        public Order Callback(int minute, int satisfaction, bool complaint = false) =>
            Step(minute, "callback", "closed", $"satisfaction {satisfaction}/5" + (complaint ? "; complaint recorded" : ""));

        public Order Complete(int minute, string inspection, bool awaitsInspection = false) =>
            Step(minute, "complete", awaitsInspection ? "awaiting-inspection" : "completed", $"self-check passed; inspection: {inspection}");

        public Order Inspect(int minute, bool passed) =>
            Step(minute, "inspection", passed ? "completed" : "in-repair", passed ? "passed: meets the standard" : "failed: leak at the joint");
    }
}
