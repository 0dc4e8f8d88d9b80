namespace FieldService.Dispatching;

/// <summary>One technician as dispatch weighed them for one order: why they were excluded, or their score (lower is
/// better: minutes of travel plus the load and skill terms, see the README's dispatch section).</summary>
[GenerateSerializer, Immutable, Alias("fs.DispatchCandidate")]
public sealed record DispatchCandidate(
    [property: Id(0)] string TechnicianId,
    [property: Id(1)] string? ExcludedBecause,
    [property: Id(2)] double? DistanceKm,
    [property: Id(3)] double? TravelMinutes,
    [property: Id(4)] int Load,
    [property: Id(5)] int Capacity,
    [property: Id(6)] int? SkillMargin,
    [property: Id(7)] double? Score)
{
    public bool Eligible => ExcludedBecause is null;
}
