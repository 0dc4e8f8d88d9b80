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
    private readonly AuditReader reader = new(auditLog);

    public async Task<ComplianceReport> ComplianceAsync(DateTimeOffset from, DateTimeOffset to)
    {
        var cohort = (await reader.PeriodAsync(from, to)).Where(e => AuditFacts.IsStep(e, AuditActions.Report)).Select(e => e.SubjectId);
        // An order's whole history counts, whenever recorded, with the parts issued against it (same WorkOrderId).
        return ComplianceCalculator.Compute(from, to, await reader.HistoriesAsync(cohort, until: null));
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
