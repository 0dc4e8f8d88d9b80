using FieldService.Audit;
using FieldService.Reports;
using static FieldService.Grains.Reports.AuditFacts;

namespace FieldService.Grains.Reports;

/// <summary>
/// S1: the compliance report as a pure function of audit entries. The cohort is the work orders whose <c>report</c>
/// entry is in [from, to); every entry given for a cohort order counts, whenever it was recorded. Entries of other
/// orders are ignored, so the caller may pass more than it needs (each entry once). With a region, the cohort is the
/// orders whose <c>report</c> names that region (<see cref="AuditEntryFacts.Region"/>).
/// </summary>
public static class ComplianceCalculator
{
    public static ComplianceReport Compute(DateTimeOffset from, DateTimeOffset to, IReadOnlyCollection<AuditEntry> entries, string? region = null)
    {
        var cohort = entries
            .Where(e => IsStep(e, AuditActions.Report) && e.At >= from && e.At < to && InRegion(e, region))
            .Select(e => e.SubjectId)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        var lines = Clauses.All.ToDictionary(c => c, c => new Tally(c));
        var byOrder = entries.Where(e => e.WorkOrderId is not null).ToLookup(e => e.WorkOrderId!, StringComparer.Ordinal);
        int critical = 0, criticalInspected = 0;
        var completed = new List<string>();
        var inspected = new List<string>();
        foreach (var id in cohort)
        {
            var order = OrderFacts.Of(HistoryOf(byOrder[id], id));
            lines[Clauses.P2].Add(id, order.Decide(Clauses.P2, order.Has(AuditActions.Triage, "triaged") || order.Breached(Clauses.P2), order.Has(AuditActions.Dispatch)));
            lines[Clauses.P3].Add(id, order.Decide(Clauses.P3, order.Has(AuditActions.Dispatch), order.Has(AuditActions.Accept)));
            lines[Clauses.P4].Add(id, order.Decide(Clauses.P4, ArrivalAgreed(order.History), order.Has(AuditActions.Arrive)));
            lines[Clauses.E2Contact].Add(id, order.Decide(Clauses.E2Contact, IsEmergency(order.Report), order.Has(AuditActions.Contact)));
            lines[Clauses.E2Arrival].Add(id, order.Decide(Clauses.E2Arrival, IsEmergency(order.Report), order.Has(AuditActions.Arrive)));
            lines[Clauses.P9].Add(id, order.Decide(Clauses.P9, order.Has(AuditActions.Complete), order.Has(AuditActions.Callback)));
            lines[Clauses.Q3].Add(id, order.CriticalInspection());
            lines[Clauses.Q4].Add(id, order.Decide(Clauses.Q4, order.History.Any(IsFailedInspection), order.ReworkedAfterEveryFailure()));

            if (order.Has(AuditActions.Complete))
            {
                completed.Add(id);
                if (order.Has(AuditActions.Inspection))
                {
                    inspected.Add(id);
                }

                critical += order.IsCritical ? 1 : 0;
                criticalInspected += order.CriticalInspection() == Outcome.Met ? 1 : 0;
            }

            // M3 counts each issue of parts against the order: met once the order recorded the parts as used.
            foreach (var _ in byOrder[id].Where(IsPartsIssue))
            {
                lines[Clauses.M3].Add(id, order.Decide(Clauses.M3, true, order.Has(AuditActions.PartsUsed), decidedBy: AuditActions.Complete));
            }
        }

        var share = Rates.Of(inspected.Count, completed.Count);
        var sample = new InspectionSample(completed.Count, inspected.Count, share, completed.Count == 0 || share >= InspectionSample.MinimumShare,
            critical, criticalInspected, completed, inspected);
        return new ComplianceReport(from, to, cohort.Count, Clauses.All.Select(c => lines[c].ToLine()).ToList(), sample, region);
    }

    /// <summary>Whether a <c>report</c> entry is of <paramref name="region"/> (every region when null).</summary>
    public static bool InRegion(AuditEntry report, string? region) => region is null || report.Facts?.Region == region;

    /// <summary>The facts of one order's history the clauses look at.</summary>
    private sealed record OrderFacts(AuditEntry Report, IReadOnlyList<AuditEntry> History)
    {
        public static OrderFacts Of(IReadOnlyList<AuditEntry> history) => new(history.First(e => IsStep(e, AuditActions.Report)), history);

        public bool IsCritical => History.Any(IsCriticalCompletion);

        public bool Has(string action, string? toStatus = null) =>
            History.Any(e => e.Action == action && (toStatus is null || e.ToStatus == toStatus));

        public bool Breached(string clause) => History.Any(e => IsBreachOf(e, clause));

        /// <summary>Q4: every failed inspection was followed by a completion of the rework (the step that meets the
        /// rework clock); a breach of the clock is decided before this is asked.</summary>
        public bool ReworkedAfterEveryFailure() =>
            History.Where(IsFailedInspection).All(failed => History.Any(e => e.Sequence > failed.Sequence && IsStep(e, AuditActions.Complete)));

        /// <summary>In this order: breached if a breach of the clause is recorded; met if the meeting step is;
        /// breached if the <paramref name="decidedBy"/> step (a clause without a clock of its own) came without it;
        /// not applicable if the order was cancelled; otherwise open.</summary>
        public Outcome? Decide(string clause, bool applies, bool met, string? decidedBy = null) =>
            !applies ? null
            : Breached(clause) ? Outcome.Breached
            : met ? Outcome.Met
            : decidedBy is not null && Has(decidedBy) ? Outcome.Breached
            : Has(AuditActions.Cancel) ? Outcome.NotApplicable
            : Outcome.Open;

        /// <summary>Q3 for critical equipment: met by a passed inspection; breached when the order was handed over
        /// (completed straight to <c>completed</c>, or signed off by the customer) without one.</summary>
        public Outcome? CriticalInspection()
        {
            if (!IsCritical)
            {
                return null;
            }

            var handedOver = Has(AuditActions.Complete, "completed") || Has(AuditActions.Acceptance);
            return History.Any(IsPassedInspection) ? Outcome.Met
                : handedOver ? Outcome.Breached
                : Has(AuditActions.Cancel) ? Outcome.NotApplicable
                : Outcome.Open;
        }
    }

    private sealed class Tally(string clause)
    {
        private readonly Dictionary<Outcome, int> counts = [];
        private readonly SortedSet<string> met = new(StringComparer.Ordinal);
        private readonly SortedSet<string> breached = new(StringComparer.Ordinal);

        public void Add(string orderId, Outcome? outcome)
        {
            if (outcome is not { } o)
            {
                return;
            }

            counts[o] = counts.GetValueOrDefault(o) + 1;
            (o == Outcome.Met ? met : o == Outcome.Breached ? breached : null)?.Add(orderId);
        }

        public ClauseCompliance ToLine() => new(clause, counts.Values.Sum(), counts.GetValueOrDefault(Outcome.Met),
            counts.GetValueOrDefault(Outcome.Breached), counts.GetValueOrDefault(Outcome.Open), counts.GetValueOrDefault(Outcome.NotApplicable),
            met.ToList(), breached.ToList());
    }
}
