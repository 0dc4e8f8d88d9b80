using FieldService.Quality;

namespace FieldService.Grains.Quality;

/// <summary>
/// Q3, issue 17.6: which region's sampler takes each tally the company sampler kept. A region's tally goes to its
/// region. A technician's tally was never split by region, so it goes whole to the technician's home region (where
/// most of their completions are, and whose sampler decides most of their next ones). A technician with no record
/// (none can complete a repair without one, so this is for a record lost some other way) goes to the region with the
/// most completions, so that no tally is dropped.
/// </summary>
public static class SamplerSplit
{
    public static Dictionary<string, string> Owners(IEnumerable<SamplingTally> tallies, IReadOnlyDictionary<string, string> homeRegions)
    {
        var all = tallies.ToArray();
        var regionPrefix = SamplingRules.RegionScope("");
        var regions = all.Where(t => t.Scope.StartsWith(regionPrefix, StringComparison.Ordinal)).ToArray();
        var largest = regions.OrderByDescending(t => t.Completed).ThenBy(t => t.Scope, StringComparer.Ordinal)
            .Select(t => t.Scope[regionPrefix.Length..]).FirstOrDefault() ?? "";
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tally in all)
        {
            owners[tally.Scope] = tally.Scope.StartsWith(regionPrefix, StringComparison.Ordinal)
                ? tally.Scope[regionPrefix.Length..]
                : homeRegions.TryGetValue(tally.Scope, out var home) ? home : largest;
        }

        return owners;
    }
}
