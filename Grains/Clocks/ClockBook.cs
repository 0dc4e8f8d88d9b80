using FieldService.Clocks;

namespace FieldService.Grains.Clocks;

/// <summary>
/// An order's clocks while one step is decided: what a command rule may do to them (start, meet, stop, move), each
/// deadline taken from the clock catalog and the order's terms. A clock is met, breached or stopped at most once.
/// </summary>
public sealed class ClockBook(IEnumerable<SlaClock> clocks, SlaTerms terms, DateTimeOffset now)
{
    private readonly List<SlaClock> clocks = clocks.ToList();

    public DateTimeOffset Now => now;

    /// <summary>Starts the clock unless one of its kind is running, due after its catalog duration.</summary>
    public void Start(ClockKind kind)
    {
        if (!clocks.Any(c => c.Kind == kind && c.IsRunning))
        {
            clocks.Add(new SlaClock(kind, SlaClocks.ClauseOf(kind), now, DueAfterDuration(kind)));
        }
    }

    /// <summary>Starts the clock unless one of its kind ever ran (E2, P4 count from the first dispatch); due at
    /// <paramref name="due"/>, or after its catalog duration.</summary>
    public void StartOnce(ClockKind kind, DateTimeOffset? due = null)
    {
        if (!clocks.Any(c => c.Kind == kind))
        {
            clocks.Add(new SlaClock(kind, SlaClocks.ClauseOf(kind), now, due ?? DueAfterDuration(kind)));
        }
    }

    public void Meet(ClockKind kind) => Finish(kind, c => c with { MetAt = now });

    public void Stop(ClockKind kind) => Finish(kind, c => c with { StoppedAt = now });

    /// <summary>Stops every running clock (the order was cancelled).</summary>
    public void StopAll()
    {
        for (var i = 0; i < clocks.Count; i++)
        {
            if (clocks[i].IsRunning)
            {
                clocks[i] = clocks[i] with { StoppedAt = now };
            }
        }
    }

    /// <summary>Moves a running clock's deadline to <paramref name="due"/> if it has not run out yet (P4: a delay
    /// announced before the agreed time).</summary>
    public void PostponeIfNotDue(ClockKind kind, DateTimeOffset due)
    {
        var index = clocks.FindIndex(c => c.Kind == kind && c.IsRunning && c.DueAt > now);
        if (index >= 0)
        {
            clocks[index] = clocks[index] with { DueAt = due };
        }
    }

    public IReadOnlyList<SlaClock> ToArray() => clocks.ToArray();

    private DateTimeOffset DueAfterDuration(ClockKind kind) =>
        ClockCatalog.Of(kind).Within is { } within
            ? terms.Due(now, within(terms))
            : throw new InvalidOperationException($"Clock {kind} is due at a time agreed with the customer, not after a duration.");

    private void Finish(ClockKind kind, Func<SlaClock, SlaClock> finish)
    {
        for (var i = 0; i < clocks.Count; i++)
        {
            if (clocks[i].Kind == kind && clocks[i].IsRunning)
            {
                clocks[i] = finish(clocks[i]);
            }
        }
    }
}
