namespace FieldService.Quality;

/// <summary>Q3: how many of one technician's or one region's sampled-population completions were inspected.</summary>
/// <param name="Scope"><c>technician:{id}</c> or <c>region:{name}</c>.</param>
/// <param name="SinceLastInspection">Completions in a row, latest last, that were not inspected.</param>
[GenerateSerializer, Immutable, Alias("fs.SamplingTally")]
public sealed record SamplingTally(
    [property: Id(0)] string Scope, [property: Id(1)] int Completed, [property: Id(2)] int Inspected, [property: Id(3)] int SinceLastInspection)
{
    public double Share => Completed == 0 ? 0 : (double)Inspected / Completed;

    /// <summary>The company's view of tallies gathered from every region's sampler: one line per scope. A technician who
    /// completed repairs in several regions has a tally in each; their counts add up, and their run without inspection
    /// is the longest of them, since each region's sampler keeps the run within its region.</summary>
    public static IReadOnlyList<SamplingTally> Gather(IEnumerable<SamplingTally> tallies) =>
        tallies.GroupBy(t => t.Scope, StringComparer.Ordinal)
            .Select(g => new SamplingTally(g.Key, g.Sum(t => t.Completed), g.Sum(t => t.Inspected), g.Max(t => t.SinceLastInspection)))
            .OrderBy(t => t.Scope, StringComparer.Ordinal)
            .ToArray();
}
