namespace FieldService.Grains.Reports;

/// <summary>Minutes covered by sets of time intervals [start, end): the arithmetic behind utilisation, where a
/// technician holding two orders at once, or two overlapping shifts, must count each minute once.</summary>
public static class Intervals
{
    /// <summary>The intervals merged where they overlap or touch, clipped to [from, to), in time order.</summary>
    public static List<(DateTimeOffset Start, DateTimeOffset End)> Union(
        IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> intervals, DateTimeOffset from, DateTimeOffset to)
    {
        var merged = new List<(DateTimeOffset Start, DateTimeOffset End)>();
        foreach (var (start, end) in intervals
            .Select(i => (Start: i.Start < from ? from : i.Start, End: i.End > to ? to : i.End))
            .Where(i => i.Start < i.End)
            .OrderBy(i => i.Start))
        {
            if (merged.Count > 0 && start <= merged[^1].End)
            {
                merged[^1] = (merged[^1].Start, end > merged[^1].End ? end : merged[^1].End);
            }
            else
            {
                merged.Add((start, end));
            }
        }

        return merged;
    }

    public static double Minutes(IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> merged) =>
        merged.Sum(i => (i.End - i.Start).TotalMinutes);

    /// <summary>Minutes of <paramref name="covered"/> that are not in <paramref name="removed"/> (both merged).</summary>
    public static double MinutesWithout(
        IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> covered, IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> removed) =>
        Minutes(covered) - covered.Sum(c => removed.Sum(r =>
        {
            var start = c.Start > r.Start ? c.Start : r.Start;
            var end = c.End < r.End ? c.End : r.End;
            return start < end ? (end - start).TotalMinutes : 0;
        }));
}
