using FieldService.Audit;
using FieldService.Boards;
using FieldService.Clocks;
using FieldService.Dispatching;
using FieldService.Escalations;
using FieldService.Grains.Clocks;
using FieldService.Grains.Common;
using FieldService.Grains.Dispatching;
using FieldService.Grains.Records;
using FieldService.Quality;
using FieldService.Technicians;
using FieldService.WorkOrders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FieldService.Grains.WorkOrders;

/// <summary>
/// One work order. Loads its state, asks <see cref="WorkOrderLifecycle"/> for the decision, persists, then publishes
/// the new history entries to the audit trail and its line to the index (an outbox: see <see cref="RecordPublisher"/>).
/// Its clocks enforce themselves: one reminder is aimed at the earliest running deadline; when it fires (or the grain
/// wakes for any reason) every clock that has run out is breached once, from the persisted deadlines.
/// While it waits for a technician it tells its region's dispatcher (one way: the order never waits for the
/// dispatcher, which calls the order back with an offer), and again every <see cref="DispatchOptions.RetryEvery"/>.
/// </summary>
public sealed class WorkOrderGrain(
    [PersistentState("workOrder", StorageNames.Records)] IPersistentState<WorkOrderState> stored,
    RecordPublisher publisher,
    IWorkOrderIndex index,
    IOptions<SlaOptions> sla,
    IOptions<DispatchOptions> dispatch,
    INotificationSender notifications,
    TimeProvider time,
    ILogger<WorkOrderGrain> logger) : Grain, IWorkOrderGrain, IRemindable
{
    private readonly GuardedState<WorkOrderState> state = new(stored);

    private const string ClockReminder = "sla-clocks";

    /// <summary>Reminders need a period; the reminder is re-aimed at the next deadline on every tick anyway.</summary>
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan RepublishDelay = TimeSpan.FromSeconds(10);
    private IGrainTimer? republishTimer;

    /// <summary>The clock reminder as registered by this activation, so removing it needs no read of the table.</summary>
    private IGrainReminder? clockReminder;

    private string Id => this.GetPrimaryKeyString();

    private SlaTerms? Terms => state.State.Order is { } order ? SlaTerms.For(sla.Value, order.Priority, order.CustomerId) : null;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Order is not { } order)
        {
            return;
        }

        if (state.State.PublishedSequence < order.Version)
        {
            await PublishAsync();
        }

        await EnforceClocksAsync();
    }

    public Task<WorkOrder?> GetAsync() => Task.FromResult(state.State.Order);

    public Task<IReadOnlyList<AuditEntry>> GetHistoryAsync() => Task.FromResult<IReadOnlyList<AuditEntry>>(state.State.History.ToArray());

    public async Task<Result<WorkOrder>> ReportAsync(ReportFault intake, Actor actor)
    {
        if (state.State.Order is { } existing)
        {
            // A retried intake (same Idempotency-Key, same content) gets the order it created.
            return state.State.Intake == intake
                ? Result<WorkOrder>.Ok(existing)
                : new Failure(FailureKind.Invalid, $"Work order {Id} was already reported with a different intake: an Idempotency-Key must not be reused for another request.",
                    Errors: new Dictionary<string, string[]> { ["Idempotency-Key"] = ["was already used for a different request"] });
        }

        var plan = intake is { Priority: Priority.Emergency, IncidentType: { } incident }
            ? (await GrainFactory.GetGrain<IEscalationTeamGrain>(Teams.Emergency).ListPlansAsync()).FirstOrDefault(p => p.IncidentType == incident)
            : null;
        var terms = SlaTerms.For(sla.Value, intake.Priority, intake.CustomerId);
        var decision = WorkOrderLifecycle.Report(Id, null, intake, actor, time.GetUtcNow(), terms, plan);
        if (decision.Failure is { } failure)
        {
            return failure;
        }

        state.State.Intake = intake;
        return await CommitAsync(decision.Value!);
    }

    public async Task<Result<WorkOrder>> ExecuteAsync(WorkOrderCommand command, Actor actor)
    {
        // A deadline that has passed is breached before any step is judged, whether or not its reminder has fired
        // yet: an offer accepted a moment after its 15 minutes ran out was already withdrawn.
        await EnforceClocksAsync();
        var before = state.State.Order;
        var quality = before is null ? null : await QualityContextAsync(before, command);
        var decision = WorkOrderLifecycle.Decide(Id, before, command, actor, time.GetUtcNow(), Terms, quality);
        if (decision.Failure is { } failure)
        {
            return failure;
        }

        if (command is Complete && quality is not null)
        {
            // Q3: only a completion that stands is put to the sampling rule (it counts in the tallies).
            var requirement = QualityRules.Mandatory(before!, await KeyPartsUsedAsync(before!), time.GetUtcNow())
                ?? await GrainFactory.GetGrain<IInspectionSamplerGrain>(0).DecideAsync(Id, before!.TechnicianId!, before.Region);
            decision = WorkOrderLifecycle.Decide(Id, before, command, actor, time.GetUtcNow(), Terms, quality with { Requirement = requirement });
            if (decision.Failure is { } refused)
            {
                return refused;
            }
        }

        var change = decision.Value!;
        state.State.AutomaticRequested = command switch
        {
            RequestDispatch => true,
            Dispatch or PullBack => false,
            _ => state.State.AutomaticRequested,
        };
        if (command is Dispatch dispatch)
        {
            // The technician grain is the single writer of its load: it takes the order or refuses it.
            var taken = await GrainFactory.GetGrain<ITechnicianGrain>(dispatch.TechnicianId).AssignAsync(Id, actor);
            if (taken.Failure is { } refused)
            {
                return refused.Kind == FailureKind.NotFound
                    ? Failure.Invalid("technicianId", $"no technician {dispatch.TechnicianId} is registered")
                    : refused;
            }

            state.State.DispatchDecision = new DispatchDecision(Id, time.GetUtcNow(), "dispatcher", DispatchDecision.Manual, dispatch.TechnicianId,
                $"assigned by {actor.Id}" + (dispatch.Reason is null ? "" : $": {dispatch.Reason}"), [], 1);
            try
            {
                return await CommitAsync(change);
            }
            catch
            {
                await ReleaseAsync(dispatch.TechnicianId, actor);
                throw;
            }
        }

        var result = await CommitAsync(change);
        if (before!.Status == WorkOrderStatus.AwaitingParts && change.Order.Status != WorkOrderStatus.AwaitingParts)
        {
            // The repair goes on (or the order is cancelled): what it waited for is no longer demand.
            await Try(() => GrainFactory.GetGrain<FieldService.Parts.IPartsCatalogGrain>(0).ClearWaitingAsync(Id), "clear the parts demand");
        }

        if (command is AwaitParts awaited)
        {
            await ReservePartsAsync(awaited.Parts);
        }

        if (command is RecordCallback { Complaint: { } words } && !string.IsNullOrWhiteSpace(words))
        {
            // P9/CS4: a complaint given on the callback is opened as a complaint of its own (once per order).
            await Try(() => GrainFactory.GetGrain<FieldService.Complaints.IComplaintGrain>(FieldService.Complaints.ComplaintIds.FromCallback(Id))
                .OpenAsync(new FieldService.Complaints.ComplaintOpening(Id, FieldService.Complaints.ComplaintCategory.Other, words), actor), "open the callback's complaint");
        }

        if (command is RequestSupport)
        {
            // TS1: the request reaches technical support's escalation list.
            var request = change.Order.SupportRequests[^1];
            await Try(() => GrainFactory.GetGrain<IEscalationGrain>(EscalationIds.For(Teams.Support, $"support/{Id}/{request.Number}"))
                .RaiseAsync(Teams.Support, Id, "TS1", $"support request {request.Number} from {request.AskedBy} on work order {Id}"), "raise the support request");
        }

        if (before!.TechnicianId is { } technicianId && WorkOrderLifecycle.OccupiesTechnician(before.Status)
            && (change.Order.TechnicianId != technicianId || !WorkOrderLifecycle.OccupiesTechnician(change.Order.Status)))
        {
            await ReleaseAsync(technicianId, actor);
        }

        return result;
    }

    public async Task<Result<WorkOrder>> OfferAsync(string technicianId, DispatchDecision decision)
    {
        await EnforceClocksAsync();
        if (!AwaitsAutomaticDispatch(state.State.Order))
        {
            return Failure.Conflict($"Work order {Id} no longer waits for dispatch.", state.State.Order is { } o ? Kebab.Of(o.Status) : "none");
        }

        if (state.State.Order!.Declines.Any(d => d.TechnicianId == technicianId))
        {
            // An offer planned from an older request: this technician declined or let the offer run out already.
            return Failure.Conflict($"{technicianId} already declined or let work order {Id} run out.", Kebab.Of(state.State.Order.Status));
        }

        var reason = decision.Explanation.Length > 900 ? decision.Explanation[..900] + "…" : decision.Explanation;
        var change = WorkOrderLifecycle.Decide(Id, state.State.Order, new Dispatch(technicianId, $"automatic ({decision.Trigger}): {reason}"),
            Actor.System, time.GetUtcNow(), Terms);
        if (change.Failure is { } failure)
        {
            return failure;
        }

        state.State.DispatchDecision = decision;
        state.State.AutomaticRequested = false;
        return await CommitAsync(change.Value!);
    }

    public async Task PartsMovedAsync(FieldService.Parts.PartMovement movement)
    {
        var change = WorkOrderLifecycle.Decide(Id, state.State.Order, new RecordPartsUsed(new PartLine(movement.Location, movement.Sku, -movement.Quantity)),
            Actor.System, time.GetUtcNow(), Terms);
        if (change.Failure is { } failure)
        {
            logger.LogWarning("Work order {WorkOrderId}: parts moved by {Bin} not recorded: {Reason}", Id, $"{movement.Location}|{movement.Sku}", failure.Message);
            return;
        }

        await CommitAsync(change.Value!);
    }

    /// <summary>
    /// P6/M3: reserves what the repair waits for — from the technician's van first, then the region's warehouse —
    /// records what was reserved on the order, and tells the storekeepers what is short.
    /// </summary>
    private async Task ReservePartsAsync(IReadOnlyList<PartNeed> needs)
    {
        var order = state.State.Order!;
        var reserved = new List<PartLine>();
        var missing = new List<PartNeed>();
        foreach (var need in needs)
        {
            var remaining = need.Quantity;
            foreach (var location in new[] { order.TechnicianId is { } t ? $"van-{t}" : null, $"wh-{order.Region}" }.OfType<string>())
            {
                var bin = GrainFactory.GetGrain<FieldService.Parts.IPartsBinGrain>(FieldService.Parts.PartsBins.Key(location, need.Sku));
                var take = Math.Min(remaining, Math.Max(0, (await bin.GetAsync())?.Available ?? 0));
                if (take > 0 && (await bin.ExecuteForOrderAsync(new FieldService.Parts.ReserveParts(Id, take), Actor.System, order)).Succeeded)
                {
                    reserved.Add(new PartLine(location, need.Sku, take));
                    remaining -= take;
                }
            }

            if (remaining > 0)
            {
                missing.Add(need with { Quantity = remaining });
                await Try(() => GrainFactory.GetGrain<FieldService.Parts.IPartsCatalogGrain>(0)
                    .SetWaitingAsync(Id, FieldService.Parts.PartsBins.Key($"wh-{order.Region}", need.Sku), remaining), $"record the demand for {need.Sku}");
                await Try(() => GrainFactory.GetGrain<IEscalationGrain>(EscalationIds.For(Teams.Stores, $"shortage/{Id}/{need.Sku}/{order.Version}"))
                    .RaiseAsync(Teams.Stores, Id, "M3", $"work order {Id} waits for {remaining} x {need.Sku}: not in van or warehouse {order.Region}"),
                    $"report the shortage of {need.Sku}");
            }
        }

        var change = WorkOrderLifecycle.Decide(Id, state.State.Order, new RecordPartsReserved(reserved, missing), Actor.System, time.GetUtcNow(), Terms);
        if (change.Value is { } recorded)
        {
            await CommitAsync(recorded);
        }
    }

    public Task<DispatchDecision?> GetDispatchDecisionAsync() => Task.FromResult(state.State.DispatchDecision);

    /// <summary>Q1/Q3: a completion is checked against the current standard of the product's category (or the general
    /// one); an inspection against the version the self-check used. The sampling decision is added once the step is legal.</summary>
    private async Task<QualityContext?> QualityContextAsync(WorkOrder order, WorkOrderCommand command)
    {
        switch (command)
        {
            case Complete:
                var standard = await GrainFactory.GetGrain<IStandardGrain>(order.Product.Category).GetCurrentAsync()
                    ?? await GrainFactory.GetGrain<IStandardGrain>(Standards.General).GetCurrentAsync()
                    ?? Standards.BuiltInGeneral;
                return new QualityContext(standard, new InspectionRequirement(InspectionReason.NotSampled, "not decided yet", time.GetUtcNow()));
            case RecordInspection when order.SelfCheck is { StandardCategory: { } category, StandardVersion: var version }:
                return new QualityContext(await GrainFactory.GetGrain<IStandardGrain>(category).GetVersionAsync(version) ?? Standards.BuiltInGeneral);
            case RecordInspection:
                return new QualityContext(Standards.BuiltInGeneral);
            default:
                return null;
        }
    }

    /// <summary>Q3: the parts fitted to this repair that the catalog marks as key parts.</summary>
    private async Task<IReadOnlyCollection<string>> KeyPartsUsedAsync(WorkOrder order)
    {
        var catalog = GrainFactory.GetGrain<FieldService.Parts.IPartsCatalogGrain>(0);
        var fitted = await Task.WhenAll(order.PartsUsed.Where(l => l.Quantity > 0).Select(l => l.Sku).Distinct(StringComparer.Ordinal)
            .Select(catalog.GetSkuAsync));
        return fitted.Where(p => p is { Critical: true }).Select(p => p!.Sku).ToArray();
    }

    public async Task NudgeDispatchAsync()
    {
        if (AwaitsAutomaticDispatch(state.State.Order))
        {
            await TellDispatcherAsync("dispatcher-restart");
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        await EnforceClocksAsync();
        if (state.State.DispatchRetryAt is { } retry && retry <= time.GetUtcNow() && AwaitsAutomaticDispatch(state.State.Order))
        {
            await TellDispatcherAsync("retry");
        }
    }

    private bool AwaitsAutomaticDispatch(WorkOrder? order) =>
        WorkOrderLifecycle.AwaitsDispatch(order) && (dispatch.Value.Automatic || state.State.AutomaticRequested);

    /// <summary>One way to the live boards: the region's dispatch board and the technicians who hold or held it.</summary>
    private void PublishToBoards(WorkOrder? before, WorkOrder after)
    {
        var change = new BoardChange(BoardChange.OrderKind, after.UpdatedAt, Order: OrderCard.Of(after));
        _ = GrainFactory.GetGrain<IBoardGrain>(BoardStreams.Dispatch(after.Region)).PublishAsync(change);
        foreach (var technicianId in new[] { before?.TechnicianId, after.TechnicianId }.OfType<string>().Distinct())
        {
            _ = GrainFactory.GetGrain<IBoardGrain>(BoardStreams.Technician(technicianId)).PublishAsync(change);
        }
    }

    /// <summary>Tells the region's dispatcher (one way) and persists when to tell it again.</summary>
    private async Task TellDispatcherAsync(string trigger)
    {
        state.State.DispatchRetryAt = time.GetUtcNow() + dispatch.Value.RetryEvery;
        await state.WriteStateAsync(this);
        await ScheduleClockReminderAsync();
        SendDispatchRequest(trigger);
    }

    private void SendDispatchRequest(string trigger)
    {
        var order = state.State.Order!;
        var request = new DispatchRequest(Id, order.Region, order.Priority, order.ReportedAt, order.Customer.Location, order.RequiredSkill,
            order.Declines.Select(d => d.TechnicianId).Distinct().ToArray(), trigger);
        _ = GrainFactory.GetGrain<IDispatcherGrain>(order.Region).RequestAsync(request);
    }

    /// <summary>Breaches every running clock whose deadline has passed — each once, however late or often the
    /// reminder fires — then re-aims the reminder at the next deadline.</summary>
    private async Task EnforceClocksAsync()
    {
        var now = time.GetUtcNow();
        foreach (var clock in SlaClocks.Due(state.State.Order?.Clocks ?? [], now))
        {
            var before = state.State.Order!;
            if (WorkOrderLifecycle.Breach(Id, before, clock, now) is not { } change)
            {
                continue;
            }

            await CommitAsync(change);
            if (clock.Kind == ClockKind.Accept && before.TechnicianId is { } technicianId && change.Order.TechnicianId is null)
            {
                // P3: the offer is withdrawn; the technician's record shows the missed accept.
                await Try(() => GrainFactory.GetGrain<ITechnicianGrain>(technicianId).RecordMissedAcceptAsync(Id, now), "record missed accept");
            }
        }

        await ScheduleClockReminderAsync();
    }

    private async Task<Result<WorkOrder>> CommitAsync(WorkOrderChange change)
    {
        var before = state.State.Order;
        var sent = before?.Notifications.Count ?? 0;
        var waitedBefore = AwaitsAutomaticDispatch(before);
        state.State.Order = change.Order;
        state.State.History.Add(change.Entry);
        var waits = AwaitsAutomaticDispatch(change.Order);
        state.State.DispatchRetryAt = waits ? time.GetUtcNow() + dispatch.Value.RetryEvery : null;
        await state.WriteStateAsync(this);
        await PublishAsync();
        await ScheduleClockReminderAsync();
        if (waits)
        {
            SendDispatchRequest(change.Entry.Action == "breach" ? "accept-timeout" : change.Entry.Action);
        }
        else if (waitedBefore)
        {
            _ = GrainFactory.GetGrain<IDispatcherGrain>(change.Order.Region).WithdrawAsync(Id);
        }

        PublishToBoards(before, change.Order);
        foreach (var notification in change.Order.Notifications.Skip(sent))
        {
            await Try(() => notifications.SendAsync(notification, change.Order), $"send a notification to {notification.To}");
        }

        return Result<WorkOrder>.Ok(change.Order);
    }

    /// <summary>Aims the reminder at the earliest running deadline, or removes it when no clock runs.</summary>
    private async Task ScheduleClockReminderAsync()
    {
        var next = SlaClocks.NextDue(state.State.Order?.Clocks ?? []);
        if (state.State.DispatchRetryAt is { } retry && (next is null || retry < next))
        {
            next = retry;
        }

        if (next == state.State.ReminderDueAt)
        {
            return;
        }

        if (next is { } due)
        {
            var wait = due - time.GetUtcNow();
            clockReminder = await this.RegisterOrUpdateReminder(ClockReminder, wait > TimeSpan.Zero ? wait : TimeSpan.Zero, ReminderPeriod);
        }
        else if ((clockReminder ?? await this.GetReminder(ClockReminder)) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
            clockReminder = null;
        }

        state.State.ReminderDueAt = next;
    }

    private async Task PublishAsync()
    {
        var order = state.State.Order!;
        var published = await publisher.PublishAsync(
            state.State.History, state.State.PublishedSequence, () => index.UpsertAsync(WorkOrderSummary.Of(order)), $"work order {Id}");
        var escalated = await EscalateBreachesAsync(order);
        if (published is { } sequence && escalated)
        {
            // Persisted with the next write; until then a reactivation publishes again, which is harmless.
            state.State.PublishedSequence = sequence;
            return;
        }

        republishTimer?.Dispose();
        republishTimer = this.RegisterGrainTimer(
            async _ =>
            {
                republishTimer?.Dispose();
                republishTimer = null;
                await PublishAsync();
            },
            new GrainTimerCreationOptions(RepublishDelay, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    /// <summary>Raises each breached clock to its team once (the escalation, named after the clock, also ignores a
    /// repeated raise).</summary>
    private async Task<bool> EscalateBreachesAsync(WorkOrder order)
    {
        foreach (var clock in order.Clocks.Where(c => c.BreachedAt is not null))
        {
            var key = $"{Id}/{Kebab.Of(clock.Kind)}/{clock.StartedAt.UtcTicks}";
            if (state.State.EscalatedClocks.Contains(key))
            {
                continue;
            }

            var team = WorkOrderLifecycle.TeamFor(clock.Kind, order);
            var raised = await Try(
                () => GrainFactory.GetGrain<IEscalationGrain>(EscalationIds.For(team, key))
                    .RaiseAsync(team, Id, clock.Clause, $"{Kebab.Of(clock.Kind)} deadline {clock.DueAt:u} missed"),
                $"escalate {key} to {team}");
            if (!raised)
            {
                return false;
            }

            state.State.EscalatedClocks.Add(key);
        }

        return true;
    }

    private async Task ReleaseAsync(string technicianId, Actor actor) =>
        await Try(() => GrainFactory.GetGrain<ITechnicianGrain>(technicianId).ReleaseAsync(Id, actor), $"release technician {technicianId}");

    /// <summary>A follow-up on another grain after this order's own change is durable: a failure is logged, not thrown.</summary>
    private async Task<bool> Try(Func<Task> action, string what)
    {
        try
        {
            await action();
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "Work order {WorkOrderId}: could not {What}", Id, what);
            return false;
        }
    }
}
