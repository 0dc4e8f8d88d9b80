using FieldService.Boards;
using FieldService.Dispatching;
using FieldService.Grains.Records;
using FieldService.Technicians;
using FieldService.WorkOrders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FieldService.Grains.Dispatching;

/// <summary>
/// A region's dispatcher. Waiting orders and freed technicians reach it one way; it answers with a round: the
/// waiting orders are planned together (<see cref="DispatchPlanner"/>) against the technicians of the region and its
/// neighbours as the index shows them, then each technician grain takes the orders planned for it into its load in one
/// call (refusing those the index was behind on, so nobody is double-booked) and each is offered to the order grain (which
/// refuses when it no longer waits; the technician is then released). Rounds run as messages to itself, so requests
/// that arrive while a round is busy are weighed together in the next one.
/// The queue lives in memory: the orders own the truth. A new activation asks every triaged order of the region to
/// tell it again, and waiting orders remind it on their own every few minutes.
/// </summary>
public sealed class DispatcherGrain(
    ITechnicianIndex technicians,
    IWorkOrderIndex orders,
    IOptions<DispatchOptions> options,
    FieldService.Grains.Common.IFaultInjection faults,
    TimeProvider time,
    ILogger<DispatcherGrain> logger) : Grain, IDispatcherGrain
{
    /// <summary>Rounds in a row that may follow a refusal (the index was behind) before waiting for the next event.</summary>
    private const int MaxRetryRounds = 3;

    /// <summary>Waiting orders above which a round is planned off the grain's scheduler.</summary>
    private const int LargeRound = 200;

    /// <summary>Offers a round has under way at once.</summary>
    private const int PlacementsInFlight = 256;

    /// <summary>Technicians taking their share of a round at once (each one call and one write for all their orders).</summary>
    private const int TakesInFlight = 16;

    private readonly Dictionary<string, Waiting> queue = new(StringComparer.Ordinal);
    private bool roundScheduled;
    private bool emergencyRoundScheduled;
    private DateTimeOffset windowStartedAt;
    private IGrainTimer? batchTimer;
    private int retryRounds;
    private IGrainTimer? resumeTimer;
    private int idleRounds;

    private string Region => this.GetPrimaryKeyString();

    /// <summary>The orders answer the nudges with <see cref="RequestAsync"/>, which lands after the activation.</summary>
    public override Task OnActivateAsync(CancellationToken cancellationToken) => RebuildAsync(cancellationToken);

    public Task RequestAsync(DispatchRequest request)
    {
        var now = time.GetUtcNow();
        queue[request.WorkOrderId] = queue.TryGetValue(request.WorkOrderId, out var known)
            ? known with { Request = request }
            : new Waiting(request, now, 0, null);
        if (request.Priority == Priority.Emergency)
        {
            ScheduleEmergencyRound();
        }
        else
        {
            ScheduleRound();
        }

        return Task.CompletedTask;
    }

    public Task WithdrawAsync(string workOrderId)
    {
        if (queue.Remove(workOrderId))
        {
            PublishQueue();
        }

        return Task.CompletedTask;
    }

    public Task CapacityFreedAsync(string technicianId)
    {
        retryRounds = 0;
        if (queue.Count > 0)
        {
            ScheduleRound();
        }

        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<QueuedOrder>> GetQueueAsync()
    {
        await CatchUpAsync();
        return Queued();
    }

    public async Task<DispatchDecision?> GetAttemptAsync(string workOrderId)
    {
        await CatchUpAsync();
        return queue.TryGetValue(workOrderId, out var waiting) ? waiting.LastAttempt : null;
    }

    public async Task<DispatchDecision?> AttemptForAsync(DispatchRequest request)
    {
        if (!queue.ContainsKey(request.WorkOrderId))
        {
            await RequestAsync(request);
        }

        return await GetAttemptAsync(request.WorkOrderId);
    }

    /// <summary>A scheduled round whose message has not arrived yet runs now (the message then finds nothing to do).</summary>
    private Task CatchUpAsync() => roundScheduled || emergencyRoundScheduled ? RoundAsync(emergenciesOnly: false) : Task.CompletedTask;

    public Task RunRoundAsync(bool emergenciesOnly)
    {
        if (emergenciesOnly)
        {
            return emergencyRoundScheduled ? RoundAsync(emergenciesOnly: true) : Task.CompletedTask;
        }

        return roundScheduled ? RoundAsync(emergenciesOnly: false) : Task.CompletedTask;
    }

    private async Task RoundAsync(bool emergenciesOnly)
    {
        var placed = false;
        try
        {
            placed = await PlanRoundAsync(emergenciesOnly);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The index or a grain was unreachable (a database restart, a silo lost): the queue is kept and tried again.
            logger.LogWarning(exception, "Dispatch round of {Region} failed; the {Count} waiting orders are tried again shortly", Region, queue.Count);
        }
        finally
        {
            ArmResume(placed);
        }
    }

    /// <summary>
    /// While orders wait, a round runs again by itself: after 5 s, doubling to 20 s while rounds place nothing,
    /// back to 5 s once one does. Capacity freed and new requests still start rounds at once; this is what resumes
    /// dispatch after a fault that swallowed those events (a refused call, a database restart, a silo lost).
    /// </summary>
    private void ArmResume(bool progress)
    {
        resumeTimer?.Dispose();
        resumeTimer = null;
        if (queue.Count == 0)
        {
            idleRounds = 0;
            return;
        }

        idleRounds = progress ? 0 : Math.Min(idleRounds + 1, 2);
        var wait = TimeSpan.FromSeconds(5 << idleRounds);
        resumeTimer = this.RegisterGrainTimer(
            () =>
            {
                resumeTimer = null;
                ScheduleRound();
                return Task.CompletedTask;
            },
            new GrainTimerCreationOptions(wait, Timeout.InfiniteTimeSpan) { KeepAlive = false });
    }

    /// <summary>One round; true when it placed an order.</summary>
    private async Task<bool> PlanRoundAsync(bool emergenciesOnly)
    {
        emergencyRoundScheduled = false;
        if (!emergenciesOnly)
        {
            roundScheduled = false;
            batchTimer?.Dispose();
            batchTimer = null;
        }

        var waiting = queue.Values.Select(w => w.Request).Where(r => !emergenciesOnly || r.Priority == Priority.Emergency).ToList();
        if (waiting.Count == 0)
        {
            return false;
        }

        var now = time.GetUtcNow();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var serving = options.Value.ServingRegions(Region);
        var roster = (await Task.WhenAll(serving.Select(r => technicians.ListAsync(r)))).SelectMany(t => t).ToList();
        // A large round is worked out on the thread pool, so its arithmetic (a second or so for 10,000 orders) does not
        // hold one of the silo's scheduler threads; this grain still takes no other message meanwhile, and what
        // arrives is weighed in the next round.
        var plan = waiting.Count > LargeRound
            ? await Task.Run(() => DispatchPlanner.Plan(waiting, roster, options.Value, now))
            : DispatchPlanner.Plan(waiting, roster, options.Value, now);
        foreach (var unplaced in plan.Where(p => p.TechnicianId is null))
        {
            Attempted(unplaced.Order.WorkOrderId, unplaced.Decision);
        }

        // Each technician takes all of the round's orders planned for them in one call (and one write), then those
        // orders are offered. At most so many takes and offers are in flight: a round of thousands would otherwise put
        // every offer on the silo at once, and the last ones would wait out their call timeout behind the first.
        var planning = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        using var takes = new SemaphoreSlim(TakesInFlight);
        using var offers = new SemaphoreSlim(PlacementsInFlight);
        var outcomes = (await Task.WhenAll(plan.Where(p => p.TechnicianId is not null).GroupBy(p => p.TechnicianId!)
            .Select(group => PlaceAllAsync(group.Key, group.ToList(), takes, offers)))).SelectMany(o => o).ToList();
        logger.LogDebug("Dispatch round of {Region}: {Waiting} orders planned in {PlanningMs:F0} ms, {Placed} of {Planned} placed in {PlacingMs:F0} ms",
            Region, waiting.Count, planning.TotalMilliseconds, outcomes.Count(o => o), outcomes.Count,
            (System.Diagnostics.Stopwatch.GetElapsedTime(started) - planning).TotalMilliseconds);
        PublishQueue();
        if (outcomes.Contains(false) && queue.Count > 0 && retryRounds++ < MaxRetryRounds)
        {
            ScheduleRound();
        }

        return outcomes.Contains(true);
    }

    /// <summary>Takes the orders planned for one technician into their load at once, then offers each; per order, false
    /// when it stays queued (refused by the technician, or the take or offer failed).</summary>
    private async Task<bool[]> PlaceAllAsync(string technicianId, IReadOnlyList<PlannedDispatch> planned, SemaphoreSlim takes, SemaphoreSlim offers)
    {
        var technician = GrainFactory.GetGrain<ITechnicianGrain>(technicianId);
        IReadOnlyList<Result<Technician>> answers;
        await takes.WaitAsync();
        try
        {
            answers = await technician.AssignManyAsync(planned.Select(p => p.Order.WorkOrderId).ToList(), Actor.System);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Whether the take was written is unknown: each place is given back unless its order holds it.
            logger.LogWarning(exception, "Dispatch of {Count} work orders to {TechnicianId} failed at the take; they stay queued", planned.Count, technicianId);
            foreach (var one in planned)
            {
                await GiveBackUnlessOfferedAsync(one.Order.WorkOrderId, technician, technicianId);
                Attempted(one.Order.WorkOrderId, one.Decision with { TechnicianId = null, Explanation = $"waiting: {technicianId} could not be reached; will try again" });
            }

            return new bool[planned.Count];
        }
        finally
        {
            takes.Release();
        }

        return await Task.WhenAll(planned.Select(async (one, i) =>
        {
            if (answers[i].Failure is { } refused)
            {
                Attempted(one.Order.WorkOrderId, one.Decision with { TechnicianId = null, Explanation = $"waiting: {technicianId} could not take it ({refused.Message})" });
                return false;
            }

            await offers.WaitAsync();
            try
            {
                return await OfferAsync(one, technician);
            }
            finally
            {
                offers.Release();
            }
        }));
    }

    /// <summary>Offers an order its technician has taken; false when the offer failed (the place is then given back).</summary>
    private async Task<bool> OfferAsync(PlannedDispatch planned, ITechnicianGrain technician)
    {
        var orderId = planned.Order.WorkOrderId;
        var technicianId = planned.TechnicianId!;
        try
        {
            faults.Before("dispatch-offer", orderId);
            var offered = await GrainFactory.GetGrain<IWorkOrderGrain>(orderId).OfferAsync(technicianId, planned.Decision);
            if (offered.Failure is not null)
            {
                await technician.ReleaseAsync(orderId, Actor.System);
            }

            // Placed, or the order no longer waits: either way it leaves the queue, together with any request that arrived
            // meanwhile (it was made before this offer; an order that waits again asks again, and reminds on its own).
            queue.Remove(orderId);

            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "Dispatch of work order {WorkOrderId} to {TechnicianId} failed; it stays queued", orderId, technicianId);
            await GiveBackUnlessOfferedAsync(orderId, technician, technicianId);
            Attempted(orderId, planned.Decision with { TechnicianId = null, Explanation = $"waiting: offering it to {technicianId} failed; will try again" });
            return false;
        }
    }

    /// <summary>
    /// The take succeeded but the offer failed without an answer (its silo died, the call timed out): whether the order
    /// took it is unknown, so the order is asked — in its own turn, after any offer still being processed — and the
    /// technician's place is given back unless the order holds it. Should that fail too, the technician's
    /// reconciliation gives it back within minutes.
    /// </summary>
    private async Task GiveBackUnlessOfferedAsync(string orderId, ITechnicianGrain technician, string technicianId)
    {
        try
        {
            var order = await GrainFactory.GetGrain<IWorkOrderGrain>(orderId).GetAsync();
            if (order is not { TechnicianId: { } holder } || holder != technicianId || !WorkOrders.WorkOrderLifecycle.OccupiesTechnician(order.Status))
            {
                await technician.ReleaseAsync(orderId, Actor.System);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "Could not check whether work order {WorkOrderId} holds {TechnicianId}; reconciliation will", orderId, technicianId);
        }
    }

    private void Attempted(string orderId, DispatchDecision decision)
    {
        if (queue.TryGetValue(orderId, out var waiting))
        {
            queue[orderId] = waiting with { Attempts = waiting.Attempts + 1, LastAttempt = decision };
        }
    }

    /// <summary>One way to the region's board: the queue as it now stands.</summary>
    private void PublishQueue()
    {
        _ = GrainFactory.GetGrain<IBoardGrain>(BoardStreams.Dispatch(Region))
            .PublishAsync(new BoardChange(BoardChange.QueueKind, time.GetUtcNow(), Queue: Queued()));
    }

    private List<QueuedOrder> Queued() =>
        DispatchRules.InQueueOrder(queue.Values, w => w.Request.Priority, w => w.Request.ReportedAt, w => w.Request.WorkOrderId)
            .Select(w => new QueuedOrder(w.Request.WorkOrderId, w.Request.Priority, w.Request.ReportedAt, w.Since, w.Request.Trigger,
                w.LastAttempt?.Explanation, w.Attempts))
            .ToList();

    /// <summary>E2: an emergency is weighed at once (with the other emergencies), after the requests already queued.</summary>
    private void ScheduleEmergencyRound()
    {
        if (!emergencyRoundScheduled)
        {
            emergencyRoundScheduled = true;
            _ = this.AsReference<IDispatcherGrain>().RunRoundAsync(emergenciesOnly: true);
        }
    }

    /// <summary>Runs a round after the requests already queued and after the batch window: the window starts again
    /// with each request (so a burst is weighed as one), up to <see cref="DispatchOptions.BatchWindowMax"/> after the first.</summary>
    private void ScheduleRound()
    {
        var window = options.Value.BatchWindow;
        if (window <= TimeSpan.Zero)
        {
            if (!roundScheduled)
            {
                roundScheduled = true;
                _ = this.AsReference<IDispatcherGrain>().RunRoundAsync(emergenciesOnly: false);
            }

            return;
        }

        var now = time.GetUtcNow();
        if (roundScheduled && now - windowStartedAt + window > options.Value.BatchWindowMax)
        {
            return;
        }

        if (!roundScheduled)
        {
            windowStartedAt = now;
        }

        roundScheduled = true;
        batchTimer?.Dispose();
        batchTimer = this.RegisterGrainTimer(() => RunRoundAsync(emergenciesOnly: false), new GrainTimerCreationOptions(window, Timeout.InfiniteTimeSpan));
    }

    /// <summary>Asks the region's triaged orders to tell this dispatcher again (those that wait will).</summary>
    private async Task RebuildAsync(CancellationToken cancellationToken)
    {
        const int PageSize = 200;
        try
        {
            for (var page = 1; page <= 50; page++)
            {
                var triaged = await orders.QueryAsync(new WorkOrderQuery(WorkOrderStatus.Triaged, Region, null, page, PageSize), cancellationToken);
                foreach (var order in triaged.Items.Where(o => o.TechnicianId is null))
                {
                    _ = GrainFactory.GetGrain<IWorkOrderGrain>(order.Id).NudgeDispatchAsync();
                }

                if (page * PageSize >= triaged.Total)
                {
                    break;
                }
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "Dispatcher {Region} could not list its waiting orders; they will remind it themselves", Region);
        }
    }

    private sealed record Waiting(DispatchRequest Request, DateTimeOffset Since, int Attempts, DispatchDecision? LastAttempt);
}
