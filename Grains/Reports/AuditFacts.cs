using FieldService.Audit;
using FieldService.Grains.Parts;
using FieldService.Grains.WorkOrders;
using FieldService.WorkOrders;

namespace FieldService.Grains.Reports;

/// <summary>
/// How the reports read the audit vocabulary: which entries are which facts. Every report figure is built from these
/// tests alone, and they read only an entry's subject, action, states, ids, time and typed <see cref="AuditEntry.Facts"/>
/// — never its reason, which is prose for people (docs/reports.md says how to recount each figure from
/// <c>GET /api/audit</c>).
/// </summary>
public static class AuditFacts
{
    public const string ComplaintSubject = Complaints.ComplaintLifecycle.SubjectType;

    public static bool IsStep(AuditEntry entry, string action) =>
        entry.SubjectType == WorkOrderLifecycle.SubjectType && entry.Action == action;

    /// <summary>A work order's history (its own subject), oldest first.</summary>
    public static IReadOnlyList<AuditEntry> HistoryOf(IEnumerable<AuditEntry> entries, string workOrderId) =>
        entries.Where(e => e.SubjectType == WorkOrderLifecycle.SubjectType && e.SubjectId == workOrderId)
            .OrderBy(e => e.Sequence).ToList();

    /// <summary>E2 applies: the <c>report</c> entry records an emergency.</summary>
    public static bool IsEmergency(AuditEntry report) => report.Facts?.Priority == Priority.Emergency;

    /// <summary>P4 applies: the <c>report</c> entry, or a <c>triage</c> entry (an order reported by mail or chat), records
    /// an agreed arrival.</summary>
    public static bool ArrivalAgreed(IReadOnlyList<AuditEntry> history) =>
        history.Any(e => (IsStep(e, AuditActions.Report) || IsStep(e, AuditActions.Triage)) && e.Facts?.AgreedArrivalBy is not null);

    /// <summary>The report line a <c>breach</c> entry counts against: its clause, with E2 split by its clock into
    /// <see cref="Clauses.E2Contact"/> and <see cref="Clauses.E2Arrival"/>. Null for any other entry.</summary>
    public static string? BreachedClause(AuditEntry entry) =>
        !IsStep(entry, AuditActions.Breach) || entry.Facts is not { Clause: { } clause } facts ? null
        : facts.Clock is { } clock ? Clocks.ClockCatalog.Of(clock).ReportLine : clause;

    public static bool IsBreachOf(AuditEntry entry, string clause) => BreachedClause(entry) == clause;

    /// <summary>Q3: a <c>complete</c> entry of an order that must be inspected in full (critical equipment or a key part).</summary>
    public static bool IsCriticalCompletion(AuditEntry entry) =>
        IsStep(entry, AuditActions.Complete) && entry.Facts?.Inspection == InspectionReason.Critical;

    public static bool IsPassedInspection(AuditEntry entry) =>
        IsStep(entry, AuditActions.Inspection) && entry.Facts?.InspectionPassed == true;

    public static bool IsFailedInspection(AuditEntry entry) =>
        IsStep(entry, AuditActions.Inspection) && entry.Facts?.InspectionPassed == false;

    public static bool IsPartsIssue(AuditEntry entry) =>
        entry.SubjectType == PartsBinGrain.SubjectType && entry.Action == AuditActions.Issue && entry.WorkOrderId is not null;

    /// <summary>The score of a <c>callback</c> entry, or null when it has none.</summary>
    public static int? Satisfaction(AuditEntry entry) =>
        IsStep(entry, AuditActions.Callback) ? entry.Facts?.Satisfaction : null;

    public static bool IsComplaintOpened(AuditEntry entry) =>
        entry.SubjectType == ComplaintSubject && entry.Action == AuditActions.ComplaintOpened;

    public static bool IsMissedAccept(AuditEntry entry) =>
        entry.SubjectType == Technicians.TechnicianRules.SubjectType && entry.Action == AuditActions.MissedAccept;
}
