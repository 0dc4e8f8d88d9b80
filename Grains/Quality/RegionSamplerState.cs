using FieldService.Quality;
using FieldService.WorkOrders;

namespace FieldService.Grains.Quality;

/// <summary>What a region's sampler persists: the tallies of its region and of the technicians' completions in it, and
/// the latest decisions (to answer a repeated question alike).</summary>
[GenerateSerializer, Alias("fs.RegionSamplerState")]
public sealed class RegionSamplerState
{
    [Id(0)] public Dictionary<string, SamplingTally> Tallies { get; set; } = [];

    [Id(1)] public Dictionary<string, InspectionRequirement> Decisions { get; set; } = [];

    [Id(2)] public Queue<string> DecisionOrder { get; set; } = new();

    /// <summary>Whether the region is listed with the company's directory and has taken its share of the company
    /// sampler's tallies (written with the first tallies, so a failed write joins again and counts nothing twice).</summary>
    [Id(3)] public bool Joined { get; set; }
}
