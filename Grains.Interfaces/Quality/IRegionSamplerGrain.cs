using FieldService.WorkOrders;

namespace FieldService.Quality;

/// <summary>
/// Q3: decides, one completion at a time and in the order they arrive, whether a repair in one region (the key) that
/// is neither critical nor reworked is inspected. One grain per region, so every decision sees every earlier one of
/// its region; it keeps the region's tally and, per technician, the tally of their completions in that region.
/// </summary>
[Alias("fs.IRegionSamplerGrain")]
public interface IRegionSamplerGrain : IGrainWithStringKey
{
    /// <summary>The decision for the order's completion (an order is sampled once: a reworked one is always re-inspected);
    /// asking again for the same order returns the same decision and counts nothing twice. The order's region is the
    /// grain's key: it is set at intake and never changes, so a repeated question always reaches this grain.</summary>
    Task<InspectionRequirement> DecideAsync(string workOrderId, string technicianId);

    /// <summary>The region's tally and its technicians' tallies within the region.</summary>
    Task<IReadOnlyList<SamplingTally>> GetTalliesAsync();
}
