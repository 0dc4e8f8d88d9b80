namespace FieldService.Grains.WorkOrders;

/// <summary>How soon a work order tries a refused follow-up again: 2 s, doubling, at most a minute apart, for as
/// long as it takes (a follow-up is delayed by an outage, never dropped).</summary>
public static class EffectRetry
{
    public static readonly TimeSpan First = TimeSpan.FromSeconds(2);

    public static readonly TimeSpan Longest = TimeSpan.FromMinutes(1);

    public static TimeSpan After(int failedAttempts) =>
        TimeSpan.FromTicks(Math.Min(Longest.Ticks, First.Ticks << Math.Clamp(failedAttempts - 1, 0, 10)));
}
