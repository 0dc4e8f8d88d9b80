using System.Globalization;
using FieldService.Audit;
using FieldService.Grains.Parts;
using FieldService.Grains.WorkOrders;

namespace FieldService.Grains.Reports;

/// <summary>
/// How the reports read the audit vocabulary: which entries are which facts. Every report figure is built from these
/// tests alone, so docs/reports.md can say how to recount it from <c>GET /api/audit</c>.
/// </summary>
public static class AuditFacts
{
    public const string ComplaintSubject = "complaint";

    /// <summary>The suffix of a <c>report</c> reason when an arrival time was agreed (a P4 clock applies).</summary>
    public const string ArrivalAgreedMarker = "; arrival agreed by ";

    public const string CriticalMarker = "inspection: critical";

    public static bool IsStep(AuditEntry entry, string action) =>
        entry.SubjectType == WorkOrderLifecycle.SubjectType && entry.Action == action;

    /// <summary>A work order's history (its own subject), oldest first.</summary>
    public static IReadOnlyList<AuditEntry> HistoryOf(IEnumerable<AuditEntry> entries, string workOrderId) =>
        entries.Where(e => e.SubjectType == WorkOrderLifecycle.SubjectType && e.SubjectId == workOrderId)
            .OrderBy(e => e.Sequence).ToList();

    /// <summary>The priority a <c>report</c> entry names ("{priority} fault reported by {channel}").</summary>
    public static bool IsEmergency(AuditEntry report) =>
        report.Reason?.StartsWith("emergency ", StringComparison.Ordinal) == true;

    public static bool ArrivalAgreed(AuditEntry report) =>
        report.Reason?.Contains(ArrivalAgreedMarker, StringComparison.Ordinal) == true;

    /// <summary>The clause a <c>breach</c> entry records ("P3: not accepted by …"); E2 is split into its two deadlines
    /// by the text the lifecycle writes ("customer not contacted" or "technician not on site").</summary>
    public static string? BreachedClause(AuditEntry entry)
    {
        var colon = entry.Reason?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (!IsStep(entry, "breach") || entry.Reason is not { } reason || colon < 1)
        {
            return null;
        }

        var clause = reason[..colon];
        return clause != "E2" ? clause
            : reason.Contains("not contacted", StringComparison.Ordinal) ? Clauses.E2Contact : Clauses.E2Arrival;
    }

    public static bool IsBreachOf(AuditEntry entry, string clause) => BreachedClause(entry) == clause;

    /// <summary>Q3: a <c>complete</c> entry of an order that must be inspected in full. Only the lifecycle's own
    /// verdict counts (the first "inspection: " of the reason), not the technician's notes that follow it.</summary>
    public static bool IsCriticalCompletion(AuditEntry entry) =>
        IsStep(entry, "complete") && entry.Reason is { } reason
        && reason.IndexOf("inspection: ", StringComparison.Ordinal) is var at and >= 0
        && reason.AsSpan(at).StartsWith(CriticalMarker, StringComparison.Ordinal);

    public static bool IsPassedInspection(AuditEntry entry) =>
        IsStep(entry, "inspection") && entry.Reason?.StartsWith("passed", StringComparison.Ordinal) == true;

    public static bool IsFailedInspection(AuditEntry entry) =>
        IsStep(entry, "inspection") && entry.Reason?.StartsWith("failed", StringComparison.Ordinal) == true;

    public static bool IsPartsIssue(AuditEntry entry) =>
        entry.SubjectType == PartsBinGrain.SubjectType && entry.Action == "issue" && entry.WorkOrderId is not null;

    /// <summary>The score of a <c>callback</c> entry ("satisfaction N/5…"), or null when it has none.</summary>
    public static int? Satisfaction(AuditEntry entry)
    {
        const string Prefix = "satisfaction ";
        if (!IsStep(entry, "callback") || entry.Reason is not { } reason || !reason.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var slash = reason.IndexOf('/', Prefix.Length);
        return slash > 0 && int.TryParse(reason.AsSpan(Prefix.Length, slash - Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n : null;
    }

    public static bool IsComplaintOpened(AuditEntry entry) =>
        entry.SubjectType == ComplaintSubject && entry.Action == "complaint-opened";

    public static bool IsMissedAccept(AuditEntry entry) =>
        entry.SubjectType == Technicians.TechnicianRules.SubjectType && entry.Action == "missed-accept";
}
