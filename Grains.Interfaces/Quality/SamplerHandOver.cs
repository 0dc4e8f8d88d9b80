using FieldService.WorkOrders;

namespace FieldService.Quality;

/// <summary>Q3: what the company sampler (before the samplers were keyed by region) counted for one region: the
/// region's tally, its technicians' tallies, and the latest decisions (orders of any region, so that a completion
/// decided just before the change and asked again after it is not counted twice).</summary>
[GenerateSerializer, Immutable, Alias("fs.SamplerHandOver")]
public sealed record SamplerHandOver(
    [property: Id(0)] IReadOnlyList<SamplingTally> Tallies,
    [property: Id(1)] IReadOnlyDictionary<string, InspectionRequirement> Decisions)
{
    public static readonly SamplerHandOver None = new([], new Dictionary<string, InspectionRequirement>());
}
