namespace FieldService.Clocks;

/// <summary>One running or finished deadline of a work order. A clock is met, breached or stopped at most once.</summary>
/// <param name="Clause">The clause it enforces: P2, P3, P4, E2, P9, Q4.</param>
/// <param name="StoppedAt">When the clock stopped without being met or breached (order cancelled, offer declined…).</param>
[GenerateSerializer, Immutable, Alias("fs.SlaClock")]
public sealed record SlaClock(
    [property: Id(0)] ClockKind Kind,
    [property: Id(1)] string Clause,
    [property: Id(2)] DateTimeOffset StartedAt,
    [property: Id(3)] DateTimeOffset DueAt,
    [property: Id(4)] DateTimeOffset? MetAt = null,
    [property: Id(5)] DateTimeOffset? BreachedAt = null,
    [property: Id(6)] DateTimeOffset? StoppedAt = null)
{
    public bool IsRunning => MetAt is null && BreachedAt is null && StoppedAt is null;
}
