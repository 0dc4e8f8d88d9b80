using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Reminders.Diagnostics;
using Orleans.Runtime.Diagnostics;

namespace FieldService.Tests.Infrastructure;

/// <summary>
/// What the reminders and grain timers of a silo are doing, from Orleans' own diagnostics
/// (<see cref="ReminderEvents.AllEvents"/>, <see cref="GrainTimerEvents.AllEvents"/>), so that tests move the fake
/// clock only when it can work and wait for what the jump set off instead of nudging the clock until it happens.
/// <list type="bullet">
/// <item>Orleans arms a reminder's wait on the reminder clock asynchronously after the registration has returned to
/// the grain (and again after each tick). A jump made in between lands before the wait exists, and the tick never
/// comes: <see cref="AdvanceAsync"/> first waits until every reminder of the silo is armed.</item>
/// <item>A grain timer that fell due with a jump runs later, as a turn of its grain: <see cref="SettledAsync"/>
/// waits until no timer of the silo is due or running, for follow-ups whose target records no audit entry.</item>
/// </list>
/// The listeners are process-wide; events are told apart by the silo that raised them (one cluster per test class).
/// </summary>
public static class TimerWatch
{
    private static readonly Lock Gate = new();

    /// <summary>Reminders whose latest event was not the arming of their wait (started on the silo, rescheduled, or
    /// a tick under way): each will be armed next, or stopped. The value is that event, for a failure message.</summary>
    private static readonly Dictionary<(SiloAddress Silo, GrainId Grain, string Name), string> UnarmedReminders = [];

    /// <summary>Reminders whose wait for the next tick is armed.</summary>
    private static readonly HashSet<(SiloAddress Silo, GrainId Grain, string Name)> ArmedReminders = [];

    /// <summary>Live grain timers: when each is next due on its grain's clock, and whether its tick is running.</summary>
    private static readonly Dictionary<IGrainTimer, GrainTimer> Timers = new(ReferenceEqualityComparer.Instance);

    /// <summary>How many ticks of each reminder have run to their end.</summary>
    private static readonly Dictionary<(SiloAddress Silo, GrainId Grain, string Name), int> CompletedTicks = [];

    private static readonly List<(SiloAddress Silo, Func<bool> Done, TaskCompletionSource Signal)> Waiters = [];

    private static readonly IDisposable[] Subscriptions =
    [
        ReminderEvents.AllEvents.Subscribe(new Observer<ReminderEvents.ReminderEvent>(OnReminder)),
        GrainTimerEvents.AllEvents.Subscribe(new Observer<GrainTimerEvents.TimerEvent>(OnTimer)),
    ];

    /// <summary>Subscribes the listeners; call before the first silo starts, so nothing it does is missed.</summary>
    public static void Start() => _ = Subscriptions;

    /// <summary>Waits until the silo is settled (<see cref="SettledAsync"/>), then moves the fake clock by
    /// <paramref name="by"/>. <paramref name="what"/> names the jump, for the failure message.</summary>
    public static async Task AdvanceAsync(this FakeTimeProvider time, TimeSpan by, SiloAddress silo, string what)
    {
        await SettledAsync(silo, what);
        lock (Gate)
        {
            // Orleans arms a timer's wait just after the event this watch reads (creation, end of a tick), so a jump can
            // land before the wait is armed: the timer is then due a jump later than it looked. Keep that other due time.
            foreach (var timer in Timers.Values.Where(t => t.Silo.Equals(silo) && t.ArmPending))
            {
                timer.DueIfArmedAfterJump = timer.Clock.GetUtcNow() + by + timer.ArmDelay;
                timer.ArmPending = false;
            }
        }

        time.Advance(by);
    }

    /// <summary>Waits until every reminder of <paramref name="silo"/> has armed its wait and no grain timer of it is
    /// due or running. A reminder that fell due with a jump is not seen until its tick starts: wait for what it
    /// records (the audit trail) or for its tick (<see cref="ReminderTickedAsync"/>).</summary>
    public static Task SettledAsync(SiloAddress silo, string what, TimeSpan? timeout = null) =>
        WaitAsync(silo, () => Unsettled(silo).Count == 0, what, timeout, () => string.Join("; ", Unsettled(silo)));

    /// <summary>Completes when the next tick of <paramref name="grain"/>'s reminder <paramref name="reminder"/> has run
    /// (call it before the jump that makes the reminder due).</summary>
    public static Task ReminderTickedAsync(SiloAddress silo, IAddressable grain, string reminder, string what, TimeSpan? timeout = null)
    {
        var key = (silo, grain.GetGrainId(), reminder);
        int ticks;
        lock (Gate)
        {
            ticks = CompletedTicks.GetValueOrDefault(key);
        }

        return WaitAsync(silo, () => CompletedTicks.GetValueOrDefault(key) > ticks, what, timeout,
            () => $"reminder '{reminder}' of {key.Item2} has not completed a tick since");
    }

    /// <summary>Waits until <paramref name="silo"/> holds <paramref name="grain"/>'s reminder <paramref name="reminder"/>
    /// with its wait armed: after a silo is lost, the one that takes its reminders over loads them asynchronously.</summary>
    public static Task ReminderArmedAsync(SiloAddress silo, IAddressable grain, string reminder, string what, TimeSpan? timeout = null)
    {
        var key = (silo, grain.GetGrainId(), reminder);
        return WaitAsync(silo, () => ArmedReminders.Contains(key), what, timeout,
            () => $"reminder '{reminder}' of {key.Item2} not armed there (last: {UnarmedReminders.GetValueOrDefault(key, "no event")})");
    }

    private static async Task WaitAsync(SiloAddress silo, Func<bool> done, string what, TimeSpan? timeout, Func<string> state)
    {
        _ = Subscriptions;
        TaskCompletionSource signal;
        lock (Gate)
        {
            if (done())
            {
                return;
            }

            signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Waiters.Add((silo, done, signal));
        }

        var limit = timeout ?? TimeSpan.FromSeconds(15);
        try
        {
            await signal.Task.WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            string now;
            lock (Gate)
            {
                Waiters.RemoveAll(w => w.Signal == signal);
                // A timer still due after the whole wait, whose wait Orleans may have armed after the last jump: it is
                // due then, a jump later (see AdvanceAsync). Only then is this wait waited once more.
                if (RearmedAfterJump(silo) && !done())
                {
                    signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    Waiters.Add((silo, done, signal));
                }
                else if (done())
                {
                    return;
                }
                else
                {
                    now = state();
                    throw new TimeoutException($"Waited {limit.TotalSeconds} s on silo {silo} for {what}; still: {now}.");
                }
            }

            try
            {
                await signal.Task.WaitAsync(limit);
            }
            catch (TimeoutException)
            {
                lock (Gate)
                {
                    Waiters.RemoveAll(w => w.Signal == signal);
                    now = state();
                }

                throw new TimeoutException($"Waited {2 * limit.TotalSeconds} s on silo {silo} for {what}; still: {now}.");
            }
        }
    }

    /// <summary>Under <see cref="Gate"/>: moves each timer of <paramref name="silo"/> that looks due, is not running and
    /// may have been armed after the last jump to the due time it then has; true when one was moved.</summary>
    private static bool RearmedAfterJump(SiloAddress silo)
    {
        var moved = false;
        foreach (var timer in Timers.Values.Where(t => t.Silo.Equals(silo) && !t.Running && t.NextDue <= t.Clock.GetUtcNow()
                     && t.DueIfArmedAfterJump is { } later && later > t.NextDue))
        {
            timer.NextDue = timer.DueIfArmedAfterJump!.Value;
            timer.DueIfArmedAfterJump = null;
            moved = true;
        }

        return moved;
    }

    /// <summary>Under <see cref="Gate"/>: what keeps the silo from being settled.</summary>
    private static List<string> Unsettled(SiloAddress silo)
    {
        var pending = UnarmedReminders.Where(r => r.Key.Silo.Equals(silo))
            .Select(r => $"reminder '{r.Key.Name}' of {r.Key.Grain} not armed (last: {r.Value})").ToList();
        pending.AddRange(Timers.Values.Where(t => t.Silo.Equals(silo) && (t.Running || t.NextDue <= t.Clock.GetUtcNow()))
            .Select(t => $"grain timer of {t.Grain} {(t.Running ? "running" : $"due at {t.NextDue:O}")}"));
        return pending;
    }

    /// <summary>Under <see cref="Gate"/>: wakes the waiters of <paramref name="silo"/> whose wait is over.</summary>
    private static void Wake(SiloAddress silo)
    {
        foreach (var waiter in Waiters.Where(w => w.Silo.Equals(silo) && w.Done()).ToList())
        {
            waiter.Signal.TrySetResult();
            Waiters.Remove(waiter);
        }
    }

    private static void OnReminder(ReminderEvents.ReminderEvent value)
    {
        if (value.SiloAddress is not { } silo)
        {
            return;
        }

        var key = (silo, value.GrainId, value.ReminderName);
        lock (Gate)
        {
            switch (value)
            {
                case ReminderEvents.LocalReminderTickWaitArmed:
                    UnarmedReminders.Remove(key);
                    ArmedReminders.Add(key);
                    break;
                case ReminderEvents.LocalReminderStopped:
                    UnarmedReminders.Remove(key);
                    ArmedReminders.Remove(key);
                    break;
                // Registrations in the table are not watched: a reminder due beyond the loading window is not started here.
                case ReminderEvents.LocalReminderStarted or ReminderEvents.LocalReminderScheduleChanged or ReminderEvents.TickFiring:
                    UnarmedReminders[key] = value.GetType().Name;
                    ArmedReminders.Remove(key);
                    break;
                case ReminderEvents.TickCompleted or ReminderEvents.TickFailed:
                    UnarmedReminders[key] = value.GetType().Name;
                    ArmedReminders.Remove(key);
                    CompletedTicks[key] = CompletedTicks.GetValueOrDefault(key) + 1;
                    break;
                default:
                    return;
            }

            Wake(silo);
        }
    }

    private static void OnTimer(GrainTimerEvents.TimerEvent value)
    {
        var context = value.GrainContext;
        var silo = context.Address.SiloAddress;
        if (silo is null)
        {
            return;
        }

        lock (Gate)
        {
            switch (value)
            {
                case GrainTimerEvents.Created created:
                    // The grains' clock, as the timer reads it: the fake one in tests.
                    var clock = context.ActivationServices.GetKeyedService<TimeProvider>(Orleans.Runtime.TimeProviderNames.Grains)
                        ?? context.ActivationServices.GetService<TimeProvider>() ?? TimeProvider.System;
                    var delayed = created.DueTime > TimeSpan.Zero && created.DueTime != Timeout.InfiniteTimeSpan;
                    Timers[created.Timer] = new GrainTimer(silo, context.GrainId, clock, created.Period)
                    {
                        NextDue = created.DueTime == Timeout.InfiniteTimeSpan ? DateTimeOffset.MaxValue : clock.GetUtcNow() + created.DueTime,
                        ArmDelay = created.DueTime,
                        ArmPending = delayed,
                    };
                    break;
                case GrainTimerEvents.TickStart when Timers.TryGetValue(value.Timer, out var timer):
                    timer.Running = true;
                    (timer.ArmPending, timer.DueIfArmedAfterJump) = (false, null);
                    break;
                case GrainTimerEvents.TickStop when Timers.TryGetValue(value.Timer, out var timer):
                    timer.Running = false;
                    // The next tick is a period after this one (the fake clock stands still while it runs); a timer
                    // without a period is done.
                    var periodic = timer.Period > TimeSpan.Zero && timer.Period != Timeout.InfiniteTimeSpan;
                    timer.NextDue = periodic ? timer.Clock.GetUtcNow() + timer.Period : DateTimeOffset.MaxValue;
                    (timer.ArmDelay, timer.ArmPending, timer.DueIfArmedAfterJump) = (timer.Period, periodic, null);
                    break;
                case GrainTimerEvents.Disposed:
                    Timers.Remove(value.Timer);
                    break;
                default:
                    return;
            }

            Wake(silo);
        }
    }

    private sealed class GrainTimer(SiloAddress silo, GrainId grain, TimeProvider clock, TimeSpan period)
    {
        public SiloAddress Silo { get; } = silo;

        public GrainId Grain { get; } = grain;

        public TimeProvider Clock { get; } = clock;

        public TimeSpan Period { get; } = period;

        public DateTimeOffset NextDue { get; set; }

        public bool Running { get; set; }

        /// <summary>The wait Orleans arms after the event read last (its due time, or its period after a tick).</summary>
        public TimeSpan ArmDelay { get; set; }

        /// <summary>No jump yet since that event: Orleans may still be arming the wait.</summary>
        public bool ArmPending { get; set; }

        /// <summary>When the timer is due if its wait was armed after the first jump since that event.</summary>
        public DateTimeOffset? DueIfArmedAfterJump { get; set; }
    }

    private sealed class Observer<T>(Action<T> next) : IObserver<T>
    {
        public void OnNext(T value) => next(value);

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }
}
