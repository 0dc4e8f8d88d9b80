using FieldService.WorkOrders;

namespace FieldService.Quality;

/// <summary>Q3: how many of one technician's or one region's sampled-population completions were inspected.</summary>
/// <param name="Scope"><c>technician:{id}</c> or <c>region:{name}</c>.</param>
/// <param name="SinceLastInspection">Completions in a row, latest last, that were not inspected.</param>
[GenerateSerializer, Immutable, Alias("fs.SamplingTally")]
public sealed record SamplingTally(
    [property: Id(0)] string Scope, [property: Id(1)] int Completed, [property: Id(2)] int Inspected, [property: Id(3)] int SinceLastInspection)
{
    public double Share => Completed == 0 ? 0 : (double)Inspected / Completed;
}

/// <summary>
/// Q3: decides, one completion at a time and in the order they arrive, whether a repair that is neither critical nor
/// reworked is inspected. One grain for the whole company, so every decision sees every earlier one.
/// </summary>
[Alias("fs.IInspectionSamplerGrain")]
public interface IInspectionSamplerGrain : IGrainWithIntegerKey
{
    /// <summary>The decision for the order's completion (an order is sampled once: a reworked one is always re-inspected);
    /// asking again for the same order returns the same decision and counts nothing twice.</summary>
    Task<InspectionRequirement> DecideAsync(string workOrderId, string technicianId, string region);

    /// <summary>The running tallies per technician and per region.</summary>
    Task<IReadOnlyList<SamplingTally>> GetTalliesAsync();
}
