using FieldService.Clocks;
using FieldService.WorkOrders;
using Cmd = FieldService.WorkOrders;

namespace FieldService.Grains.Clocks;

/// <summary>
/// Which clocks a lifecycle step starts, meets or stops (DESIGN.md's clock table), and which are due. Pure: the
/// work order grain persists the result, and its reminder only asks <see cref="Due"/> what has run out.
/// </summary>
public static class SlaClocks
{
    public static string ClauseOf(ClockKind kind) => ClockCatalog.Of(kind).Clause;

    /// <summary>P2: the dispatch clock starts at the report.</summary>
    public static IReadOnlyList<SlaClock> AtReport(WorkOrder order, SlaTerms terms) =>
        [new SlaClock(ClockKind.Dispatch, ClauseOf(ClockKind.Dispatch), order.ReportedAt, DueAt(ClockKind.Dispatch, terms, order.ReportedAt))];

    public static IReadOnlyList<SlaClock> AfterStep(WorkOrder before, WorkOrder after, WorkOrderCommand command, SlaTerms terms, DateTimeOffset now)
    {
        var clocks = before.Clocks.ToList();
        switch (command)
        {
            case Triage { OnSite: false }:
                Stop(clocks, ClockKind.Dispatch, now);
                break;
            case Cmd.Dispatch:
                Meet(clocks, ClockKind.Dispatch, now);
                Start(clocks, ClockKind.Accept, DueAt(ClockKind.Accept, terms, now), now);
                if (after.Priority == Priority.Emergency)
                {
                    // E2 counts from the first dispatch: the customer's wait does not restart with a new technician.
                    StartOnce(clocks, ClockKind.EmergencyContact, DueAt(ClockKind.EmergencyContact, terms, now), now);
                    StartOnce(clocks, ClockKind.EmergencyArrival, DueAt(ClockKind.EmergencyArrival, terms, now), now);
                }

                if (after.AgreedArrival is { } window)
                {
                    StartOnce(clocks, ClockKind.Arrival, window.To, now);
                }

                break;
            case Cmd.Accept:
                Meet(clocks, ClockKind.Accept, now);
                break;
            case DeclineOffer or WithdrawOffer or PullBack:
                Stop(clocks, ClockKind.Accept, now);
                break;
            case AnnounceDelay delay:
                // P4: a delay announced before the agreed time moves the deadline to the new ETA instead of alerting.
                var index = clocks.FindIndex(c => c.Kind == ClockKind.Arrival && c.IsRunning && c.DueAt > now);
                if (index >= 0)
                {
                    clocks[index] = clocks[index] with { DueAt = delay.NewEta };
                }

                break;
            case Arrive:
                Meet(clocks, ClockKind.Arrival, now);
                Meet(clocks, ClockKind.EmergencyArrival, now);
                break;
            case ContactCustomer:
                Meet(clocks, ClockKind.EmergencyContact, now);
                break;
            case Complete:
                Meet(clocks, ClockKind.Rework, now);
                Start(clocks, ClockKind.Callback, DueAt(ClockKind.Callback, terms, now), now);
                break;
            case RecordCallback:
                Meet(clocks, ClockKind.Callback, now);
                break;
            case RecordInspection when after.Status == WorkOrderStatus.InRepair:
                // Q4: a failed inspection undoes the completion; the callback is due 24 h after the next one.
                Stop(clocks, ClockKind.Callback, now);
                Start(clocks, ClockKind.Rework, DueAt(ClockKind.Rework, terms, now), now);
                break;
            case Cancel:
                for (var i = 0; i < clocks.Count; i++)
                {
                    if (clocks[i].IsRunning)
                    {
                        clocks[i] = clocks[i] with { StoppedAt = now };
                    }
                }

                break;
        }

        return clocks.ToArray();
    }

    /// <summary>When a clock started at <paramref name="start"/> is due: its catalog row's deadline under the order's terms.</summary>
    private static DateTimeOffset DueAt(ClockKind kind, SlaTerms terms, DateTimeOffset start) =>
        ClockCatalog.Of(kind).Within is { } within
            ? terms.Due(start, within(terms))
            : throw new InvalidOperationException($"Clock {kind} is due at a time agreed with the customer, not after a duration.");

    /// <summary>Running clocks whose deadline has passed, earliest first.</summary>
    public static IReadOnlyList<SlaClock> Due(IEnumerable<SlaClock> clocks, DateTimeOffset now) =>
        clocks.Where(c => c.IsRunning && c.DueAt <= now).OrderBy(c => c.DueAt).ToArray();

    /// <summary>When the next running clock runs out, or null when none runs.</summary>
    public static DateTimeOffset? NextDue(IEnumerable<SlaClock> clocks) =>
        clocks.Where(c => c.IsRunning).Select(c => (DateTimeOffset?)c.DueAt).Min();

    private static void Start(List<SlaClock> clocks, ClockKind kind, DateTimeOffset due, DateTimeOffset now)
    {
        if (!clocks.Any(c => c.Kind == kind && c.IsRunning))
        {
            clocks.Add(new SlaClock(kind, ClauseOf(kind), now, due));
        }
    }

    private static void StartOnce(List<SlaClock> clocks, ClockKind kind, DateTimeOffset due, DateTimeOffset now)
    {
        if (!clocks.Any(c => c.Kind == kind))
        {
            clocks.Add(new SlaClock(kind, ClauseOf(kind), now, due));
        }
    }

    private static void Meet(List<SlaClock> clocks, ClockKind kind, DateTimeOffset now) =>
        Finish(clocks, kind, c => c with { MetAt = now });

    private static void Stop(List<SlaClock> clocks, ClockKind kind, DateTimeOffset now) =>
        Finish(clocks, kind, c => c with { StoppedAt = now });

    private static void Finish(List<SlaClock> clocks, ClockKind kind, Func<SlaClock, SlaClock> finish)
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
