namespace FieldService.Reports;

/// <summary>One line of the managers' ranking: the technician's assessment, composite score and rank.</summary>
/// <param name="Rank">1 for the best; technicians without a score come last.</param>
/// <param name="Score">0–100 (docs/reports.md), null when no component could be computed.</param>
[GenerateSerializer, Immutable, Alias("fs.RankedTechnician")]
public sealed record RankedTechnician(
    [property: Id(0)] int Rank,
    [property: Id(1)] double? Score,
    [property: Id(2)] string? Name,
    [property: Id(3)] string? Region,
    [property: Id(4)] TechnicianAssessment Assessment);
