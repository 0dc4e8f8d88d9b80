using FieldService.Audit;
using FieldService.Grains.Records;
using FieldService.Reports;
using Orleans.Concurrency;

namespace FieldService.Grains.Reports;

/// <summary>
/// Gathers the audit entries a report needs and hands them to the pure calculators; it computes nothing itself.
/// Cost: one paged read of the period, then one paged read per work order involved (docs/reports.md).
/// </summary>
[StatelessWorker]
public sealed class ReportsGrain(IAuditLog auditLog, ITechnicianIndex technicians) : Grain, IReportsGrain
{
    /// <summary>Entries per page read from the audit trail.</summary>
    public const int PageSize = 500;

    /// <summary>Order histories read at once.</summary>
    private const int Parallel = 8;

    public async Task<ComplianceReport> ComplianceAsync(DateTimeOffset from, DateTimeOffset to)
    {
        var period = await ReadAllAsync(new AuditQuery(from, to, null, null, 1, PageSize));
        var cohort = period.Where(e => AuditFacts.IsStep(e, "report")).Select(e => e.SubjectId);
        // An order's whole history counts, whenever recorded, with the parts issued against it (same WorkOrderId).
        return ComplianceCalculator.Compute(from, to, await HistoriesAsync(cohort, until: null));
    }

    public async Task<TechnicianAssessment> AssessmentAsync(string technicianId, DateTimeOffset from, DateTimeOffset to)
    {
        var mine = await ReadAllAsync(new AuditQuery(from, to, null, technicianId, 1, PageSize));
        return AssessmentCalculator.Compute(technicianId, from, to, await WithHistoriesAsync(mine, to));
    }

    public async Task<TechnicianRanking> RankingAsync(DateTimeOffset from, DateTimeOffset to, string? region)
    {
        var period = await ReadAllAsync(new AuditQuery(from, to, null, null, 1, PageSize));
        var entries = await WithHistoriesAsync(period, to);
        var profiles = (await technicians.ListAsync(region)).ToDictionary(t => t.Id, StringComparer.Ordinal);
        var active = TechnicianRanker.ActiveIn(from, to, entries).Where(id => region is null || profiles.ContainsKey(id));
        var ranked = TechnicianRanker.Rank(active.Select(id => (
            AssessmentCalculator.Compute(id, from, to, entries),
            profiles.GetValueOrDefault(id)?.Profile.Name,
            profiles.GetValueOrDefault(id)?.Profile.Region)));
        return new TechnicianRanking(from, to, region, ranked);
    }

    /// <summary><paramref name="entries"/> plus the histories (before <paramref name="until"/>) of the orders they name.</summary>
    private async Task<IReadOnlyCollection<AuditEntry>> WithHistoriesAsync(IReadOnlyList<AuditEntry> entries, DateTimeOffset until)
    {
        var histories = await HistoriesAsync(entries.Select(e => e.WorkOrderId).OfType<string>(), until);
        return entries.Concat(histories).DistinctBy(e => (e.SubjectType, e.SubjectId, e.Sequence)).ToList();
    }

    private async Task<IReadOnlyCollection<AuditEntry>> HistoriesAsync(IEnumerable<string> workOrderIds, DateTimeOffset? until)
    {
        var all = new List<AuditEntry>();
        foreach (var batch in workOrderIds.Distinct(StringComparer.Ordinal).Chunk(Parallel))
        {
            var read = await Task.WhenAll(batch.Select(id => ReadAllAsync(new AuditQuery(null, until, id, null, 1, PageSize))));
            all.AddRange(read.SelectMany(r => r));
        }

        return all;
    }

    /// <summary>Every page of <paramref name="query"/>.</summary>
    private async Task<IReadOnlyList<AuditEntry>> ReadAllAsync(AuditQuery query)
    {
        var all = new List<AuditEntry>();
        for (var page = 1; ; page++)
        {
            var read = await auditLog.QueryAsync(query with { PageNumber = page });
            all.AddRange(read.Items);
            if (read.Items.Count < query.PageSize || all.Count >= read.Total)
            {
                return all;
            }
        }
    }
}
