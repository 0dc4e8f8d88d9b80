using FieldService.Audit;
using FieldService.Reports;
using static FieldService.Grains.Reports.AuditFacts;

namespace FieldService.Grains.Reports;

/// <summary>
/// H2: a technician's assessment as a pure function of audit entries. Counted facts are the entries in
/// [from, to) whose TechnicianId is the technician's; for the orders among them, their histories before
/// <c>to</c> tell what came before (arrival, parts waits, inspections, breaches). Later entries never change a
/// closed period's figures.
/// </summary>
public static class AssessmentCalculator
{
    public static TechnicianAssessment Compute(
        string technicianId, DateTimeOffset from, DateTimeOffset to, IReadOnlyCollection<AuditEntry> entries)
    {
        var known = entries.Where(e => e.At < to && e.WorkOrderId is not null).ToLookup(e => e.WorkOrderId!, StringComparer.Ordinal);
        var mine = entries.Where(e => e.At >= from && e.At < to && e.TechnicianId == technicianId).ToList();
        var histories = mine.Where(e => e.WorkOrderId is not null).Select(e => e.WorkOrderId!).Distinct()
            .ToDictionary(id => id, id => HistoryOf(known[id], id));

        var completed = histories.Values
            .Where(h => h.FirstOrDefault(e => IsStep(e, AuditActions.Complete)) is { } first && first.At >= from && first.TechnicianId == technicianId)
            .ToList();
        var repairMinutes = completed.Select(RepairMinutes).OfType<double>().ToList();
        var callbacks = mine.Select(Satisfaction).OfType<int>().ToList();
        var inspections = mine.Where(e => IsStep(e, AuditActions.Inspection)).ToList();

        return new TechnicianAssessment(
            technicianId,
            from,
            to,
            completed.Count,
            completed.Count(h => !h.Any(e => IsStep(e, AuditActions.AwaitParts) || IsFailedInspection(e))),
            [
                Score(Clauses.P3, mine, histories, AuditActions.Accept, _ => true),
                Score(Clauses.P4, mine, histories, AuditActions.Arrive, ArrivalAgreed),
                Score(Clauses.E2Contact, mine, histories, AuditActions.Contact, h => IsEmergency(ReportOf(h))),
                Score(Clauses.E2Arrival, mine, histories, AuditActions.Arrive, h => IsEmergency(ReportOf(h))),
            ],
            repairMinutes.Count == 0 ? null : Math.Round(repairMinutes.Average(), 1),
            completed.Count(h => h.Any(IsFailedInspection)),
            inspections.Count,
            inspections.Count(IsPassedInspection),
            callbacks.Count,
            callbacks.Count == 0 ? null : Math.Round(callbacks.Average(), 2),
            mine.Count(IsComplaintOpened),
            mine.Count(IsMissedAccept));
    }

    /// <summary>Met: the technician's first meeting step on an order the clause applies to, unless a breach of the
    /// clause naming the technician came before it on that order (a breach while someone else held the order is
    /// theirs); breached: the clause's breach entries naming the technician.</summary>
    private static ClauseScore Score(
        string clause, IReadOnlyList<AuditEntry> mine, IReadOnlyDictionary<string, IReadOnlyList<AuditEntry>> histories,
        string meetingStep, Func<IReadOnlyList<AuditEntry>, bool> applies)
    {
        var met = mine.Where(e => IsStep(e, meetingStep))
            .GroupBy(e => e.SubjectId)
            .Select(g => (History: histories[g.Key], Step: g.MinBy(e => e.Sequence)!))
            .Count(m => m.History.Any(e => IsStep(e, AuditActions.Report)) && applies(m.History)
                && !m.History.Any(e => e.Sequence < m.Step.Sequence && e.TechnicianId == m.Step.TechnicianId && IsBreachOf(e, clause)));
        return new ClauseScore(clause, met, mine.Count(e => IsBreachOf(e, clause)));
    }

    private static AuditEntry ReportOf(IReadOnlyList<AuditEntry> history) => history.First(e => IsStep(e, AuditActions.Report));

    /// <summary>First <c>arrive</c> to the last <c>complete</c> before the customer's <c>acceptance</c> (or to the last
    /// <c>complete</c> while there is no acceptance), in minutes; null without an arrival.</summary>
    public static double? RepairMinutes(IReadOnlyList<AuditEntry> history)
    {
        var arrive = history.FirstOrDefault(e => IsStep(e, AuditActions.Arrive));
        var acceptance = history.FirstOrDefault(e => IsStep(e, AuditActions.Acceptance));
        var end = history.LastOrDefault(e => IsStep(e, AuditActions.Complete) && (acceptance is null || e.Sequence < acceptance.Sequence));
        return arrive is null || end is null ? null : (end.At - arrive.At).TotalMinutes;
    }
}
