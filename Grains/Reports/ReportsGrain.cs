using FieldService.Audit;
using FieldService.Grains.Records;
using FieldService.Reports;
using FieldService.WorkOrders;
using Orleans.Concurrency;

namespace FieldService.Grains.Reports;

/// <summary>
/// Gathers the audit entries a report needs and hands them to the pure calculators; it computes nothing itself.
/// Cost: one paged read of the period, then one paged read per work order involved (docs/reports.md).
/// </summary>
[StatelessWorker]
public sealed class ReportsGrain(IAuditLog auditLog, ITechnicianIndex technicians, TimeProvider time) : Grain, IReportsGrain
{
    private readonly AuditReader reader = new(auditLog);

    public async Task<ComplianceReport> ComplianceAsync(DateTimeOffset from, DateTimeOffset to, string? region)
    {
        var cohort = (await reader.PeriodAsync(from, to)).Where(e => AuditFacts.IsStep(e, AuditActions.Report)).Select(e => e.SubjectId);
        // An order's whole history counts, whenever recorded, with the parts issued against it (same WorkOrderId).
        var entries = await reader.HistoriesAsync(cohort, until: null);
        return ComplianceCalculator.Compute(from, to, await WithRegionsAsync(entries, region), region);
    }

    public async Task<KpiDashboard> KpisAsync(DateTimeOffset from, DateTimeOffset to, string? region, KpiBucket bucket)
    {
        // The period and the whole histories of every order it names: a superset of what ComplianceAsync reads, so the
        // period's compliance is the same calculation over the same cohort entries.
        var period = await reader.PeriodAsync(from, to);
        var histories = await reader.HistoriesAsync(period.Select(e => e.WorkOrderId).OfType<string>(), until: null);
        var entries = period.Concat(histories).DistinctBy(e => (e.SubjectType, e.SubjectId, e.Sequence)).ToList();
        return KpiCalculator.Compute(from, to, region, bucket, time.GetUtcNow(), await WithRegionsAsync(entries, region),
            await technicians.ListAsync(region));
    }

    /// <summary>With a region to filter by, <c>report</c> entries recorded before they carried <c>facts.region</c>
    /// get it from their order, whose region is fixed at the report.</summary>
    private async Task<IReadOnlyList<AuditEntry>> WithRegionsAsync(IReadOnlyList<AuditEntry> entries, string? region)
    {
        var missing = entries.Where(e => region is not null && AuditFacts.IsStep(e, AuditActions.Report) && e.Facts?.Region is null).ToList();
        if (missing.Count == 0)
        {
            return entries;
        }

        var regions = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var report in missing)
        {
            regions[report.SubjectId] = (await GrainFactory.GetGrain<IWorkOrderGrain>(report.SubjectId).GetAsync())?.Region;
        }

        return entries.Select(e => AuditFacts.IsStep(e, AuditActions.Report) && e.Facts?.Region is null ? e with { Facts = (e.Facts ?? new AuditEntryFacts()) with { Region = regions[e.SubjectId] } } : e).ToList();
    }

    public async Task<TechnicianAssessment> AssessmentAsync(string technicianId, DateTimeOffset from, DateTimeOffset to)
    {
        var mine = await reader.PeriodAsync(from, to, technicianId);
        return AssessmentCalculator.Compute(technicianId, from, to, await reader.WithHistoriesAsync(mine, to));
    }

    public async Task<TechnicianRanking> RankingAsync(DateTimeOffset from, DateTimeOffset to, string? region)
    {
        var entries = await reader.WithHistoriesAsync(await reader.PeriodAsync(from, to), to);
        var profiles = (await technicians.ListAsync(region)).ToDictionary(t => t.Id, StringComparer.Ordinal);
        var active = TechnicianRanker.ActiveIn(from, to, entries).Where(id => region is null || profiles.ContainsKey(id));
        var ranked = TechnicianRanker.Rank(active.Select(id => (
            AssessmentCalculator.Compute(id, from, to, entries),
            profiles.GetValueOrDefault(id)?.Profile.Name,
            profiles.GetValueOrDefault(id)?.Profile.Region)));
        return new TechnicianRanking(from, to, region, ranked);
    }
}
