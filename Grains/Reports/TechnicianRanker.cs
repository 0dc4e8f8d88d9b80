using FieldService.Audit;
using FieldService.Reports;

namespace FieldService.Grains.Reports;

/// <summary>H2: ranks technicians by a composite score of their assessments (docs/reports.md).</summary>
public static class TechnicianRanker
{
    /// <summary>Weights of the score's components, each a share in [0, 1].</summary>
    public const double FirstTimeFixWeight = 0.3, SlaWeight = 0.3, SatisfactionWeight = 0.2, InspectionWeight = 0.2;

    /// <summary>Points taken off the score per complaint and per missed accept.</summary>
    public const double ComplaintPenalty = 5, MissedAcceptPenalty = 2;

    /// <summary>Technicians with activity in [from, to): an entry naming them in the period, other than changes of
    /// their own record (profile, status, shifts, leave, position), which say nothing about performance.</summary>
    public static IReadOnlyList<string> ActiveIn(DateTimeOffset from, DateTimeOffset to, IEnumerable<AuditEntry> entries) =>
        entries.Where(e => e.At >= from && e.At < to && e.TechnicianId is not null)
            .Where(e => e.SubjectType != Technicians.TechnicianRules.SubjectType || AuditFacts.IsMissedAccept(e))
            .Select(e => e.TechnicianId!)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// The weighted mean of the components that have data (first-time fix rate, pooled SLA rate, satisfaction mapped
    /// from 1–5 onto 0–1, inspection pass rate) times 100, less the penalties, never below 0. Null when no component
    /// has data.
    /// </summary>
    public static double? Score(TechnicianAssessment a)
    {
        var satisfaction = a.MeanSatisfaction is { } mean ? (mean - 1) / 4 : (double?)null;
        var parts = new (double? Value, double Weight)[]
        {
            (a.FirstTimeFixRate, FirstTimeFixWeight), (a.SlaRate, SlaWeight), (satisfaction, SatisfactionWeight), (a.InspectionPassRate, InspectionWeight),
        }.Where(p => p.Value is not null).ToList();
        if (parts.Count == 0)
        {
            return null;
        }

        var weighted = parts.Sum(p => p.Value!.Value * p.Weight) / parts.Sum(p => p.Weight) * 100;
        return Math.Round(Math.Max(0, weighted - (a.Complaints * ComplaintPenalty) - (a.MissedAccepts * MissedAcceptPenalty)), 1);
    }

    /// <summary>Best score first; ties by more completed orders, then by id. Unscored technicians come last.</summary>
    public static IReadOnlyList<RankedTechnician> Rank(IEnumerable<(TechnicianAssessment Assessment, string? Name, string? Region)> technicians) =>
        technicians.Select(t => (t.Assessment, t.Name, t.Region, Score: Score(t.Assessment)))
            .OrderByDescending(t => t.Score ?? double.MinValue)
            .ThenByDescending(t => t.Assessment.Completed)
            .ThenBy(t => t.Assessment.TechnicianId, StringComparer.Ordinal)
            .Select((t, i) => new RankedTechnician(i + 1, t.Score, t.Name, t.Region, t.Assessment))
            .ToList();
}
