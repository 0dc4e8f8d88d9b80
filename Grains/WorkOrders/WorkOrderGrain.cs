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
using FieldService.TechnicalSupport;
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
public sealed partial class WorkOrderGrain(
    [PersistentState("workOrder", StorageNames.Records)] IPersistentState<WorkOrderState> stored,
    RecordPublisher publisher,
    IWorkOrderIndex index,
    IOptions<SlaOptions> sla,
    IOptions<DispatchOptions> dispatch,
    FieldService.Grains.Notifications.NotificationCourier courier,
    IFaultInjection faults,
    TimeProvider time,
    ILogger<WorkOrderGrain> logger) : Grain, IWorkOrderGrain, IRemindable
{
    private readonly GuardedState<WorkOrderState> state = new(stored);

    private const string ClockReminder = "sla-clocks";

    /// <summary>Reminders need a period; the reminder is re-aimed at the next deadline on every tick anyway.</summary>
    private TimeSpan ReminderPeriod => sla.Value.ReminderPeriod;

    private static readonly TimeSpan RepublishDelay = TimeSpan.FromSeconds(10);
    private readonly RetryTimer republish = new();
    private readonly RetryTimer effectsRetry = new();

    /// <summary>Where this activation last aimed the clock reminder (null until it first looks).</summary>
    private DateTimeOffset? aimedAt;
    private bool aimedKnown;
    private bool draining;

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

        AdoptUnescalatedBreaches(order);
        await EnforceClocksAsync();
        if (HasQueuedDeliveries || state.State.DeliveryRecords.Count > 0)
        {
            ArmDeliveryTimer(TimeSpan.Zero);
        }

        if (state.State.Effects.Count > 0)
        {
            // Not from here: a target that calls this order back (a complaint reading it) would wait for an
            // activation that waits for it.
            ArmEffectsTimer(TimeSpan.Zero);
        }
    }

    public Task<WorkOrder?> GetAsync() => Task.FromResult(state.State.Order);

    public Task<string?> GetOccupiedTechnicianAsync() =>
        Task.FromResult(state.State.Order is { TechnicianId: { } technicianId } order && WorkOrderLifecycle.OccupiesTechnician(order.Status) ? technicianId : null);

    public Task<IReadOnlyList<AuditEntry>> GetHistoryAsync() => Task.FromResult<IReadOnlyList<AuditEntry>>(state.State.History.ToArray());

    public async Task<Result<WorkOrder>> ReportAsync(ReportFault intake, Actor actor)
    {
        intake = WorkOrderAccess.IntakeFor(intake, actor);
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

    public async Task<Result<WorkOrder>> ExecuteAsync(WorkOrderCommand command, Actor actor, long? expectedVersion = null)
    {
        // A deadline that has passed is breached before any step is judged, whether or not its reminder has fired
        // yet: an offer accepted a moment after its 15 minutes ran out was already withdrawn.
        await EnforceClocksAsync();
        // Before the version check: a replayed step answers as it did the first time, whatever has happened since.
        var keyed = WorkOrderIdempotency.Judge(state.State.IdempotentSteps, command, actor);
        if (keyed.Refusal is { } misused)
        {
            return misused;
        }

        if (keyed.IsReplay)
        {
            return Result<WorkOrder>.Ok(state.State.Order!);
        }

        var before = state.State.Order;
        // After the clocks: a breach is a change too, and the caller's version must name the order being judged.
        if (WorkOrderPrecondition.Refuse(Id, before, command, actor, expectedVersion) is { } stale)
        {
            return stale;
        }

        var now = time.GetUtcNow();
        var quality = before is null ? null : await QualityContextAsync(before, command);
        if (WorkOrderLifecycle.Check(Id, before, command, actor, now, quality) is { } refused)
        {
            return refused;
        }

        if (command is Complete)
        {
            // Q3: only a completion that stands is put to the sampling rule (it counts in the tallies), so the
            // requirement is asked for after the check and before the one decision.
            quality = quality! with { Requirement = await InspectionRequirementAsync(before!, now) };
        }

        var decision = WorkOrderLifecycle.Decide(Id, before, command, actor, now, Terms, quality);
        if (decision.Failure is { } failure)
        {
            return failure;
        }

        var automaticRequested = command switch
        {
            RequestDispatch => true,
            Dispatch or PullBack or Reassign => false,
            _ => state.State.AutomaticRequested,
        };
        var step = WorkOrderIdempotency.StepOf(command, actor, decision.Value!.Order.Version);
        if (command is Dispatch dispatch)
        {
            return await AssignByHandAsync(dispatch.TechnicianId, dispatch.Reason, decision.Value!, actor, now, step);
        }

        if (command is Reassign reassign)
        {
            // The first technician is released by the step's effects once it is written (ReleaseTechnicianEffect).
            return await AssignByHandAsync(reassign.TechnicianId, reassign.Reason, decision.Value!, actor, now, step);
        }

        state.State.AutomaticRequested = automaticRequested;
        return await CommitAsync(decision.Value!, step);
    }

    /// <summary>
    /// P2, a dispatcher's assignment (or reassignment): the technician grain is the single writer of its load, so it takes the order
    /// (or refuses it) before the step is written. Should this order's write then fail, the load is given back;
    /// should the process die in between, the technician's reconciliation drops an order not assigned to them.
    /// </summary>
    private async Task<Result<WorkOrder>> AssignByHandAsync(
        string technicianId, string? reason, WorkOrderChange change, Actor actor, DateTimeOffset now, IdempotentStep? step)
    {
        if (PendingRelease(technicianId) is { } pending)
        {
            return pending;
        }

        var technician = GrainFactory.GetGrain<ITechnicianGrain>(technicianId);
        var taken = await technician.AssignAsync(Id, actor);
        if (taken.Failure is { } refused)
        {
            return refused.Kind == FailureKind.NotFound
                ? Failure.Invalid("technicianId", $"no technician {technicianId} is registered")
                : refused;
        }

        state.State.AutomaticRequested = false;
        state.State.DispatchDecision = new DispatchDecision(Id, now, "dispatcher", DispatchDecision.Manual, technicianId,
            $"assigned by {actor.Id}" + (reason is null ? "" : $": {reason}"), [], 1);
        try
        {
            return await CommitAsync(change, step);
        }
        catch
        {
            await technician.ReleaseAsync(Id, actor);
            throw;
        }
    }

    /// <summary>Q3: a repair reworked after a failed inspection, critical equipment or a key part is always inspected;
    /// otherwise the sampling rule decides (and counts the completion in its tallies).</summary>
    private async Task<InspectionRequirement> InspectionRequirementAsync(WorkOrder order, DateTimeOffset now) =>
        QualityRules.Mandatory(order, await KeyPartsUsedAsync(order), now)
        ?? await GrainFactory.GetGrain<IRegionSamplerGrain>(order.Region).DecideAsync(Id, order.TechnicianId!);

    public async Task<Result<WorkOrder>> OfferAsync(string technicianId, DispatchDecision decision)
    {
        await EnforceClocksAsync();
        if (!AwaitsAutomaticDispatch(state.State.Order))
        {
            return Failure.Conflict($"Work order {Id} no longer waits for dispatch.", state.State.Order is { } o ? Kebab.Of(o.Status) : "none");
        }

        if (PendingRelease(technicianId) is { } pending)
        {
            return pending;
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

    public async Task PartsArrivedAsync(PartNeed waiting)
    {
        var change = WorkOrderLifecycle.Decide(Id, state.State.Order, new ReserveArrivedParts([waiting]), Actor.System, time.GetUtcNow(), Terms);
        if (change.Failure is { } failure)
        {
            // No longer waiting (the repair went on, or the order was cancelled): its demand was cleared with that step.
            logger.LogInformation("Work order {WorkOrderId}: stock of {Sku} arrived, not reserved: {Reason}", Id, waiting.Sku, failure.Message);
            return;
        }

        await CommitAsync(change.Value!);
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
                return new QualityContext(standard);
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
        if (state.State.EffectsRetryAt is { } effectsDue && effectsDue <= time.GetUtcNow())
        {
            await DrainEffectsAsync();
        }

        if (NextDeliveryAt is { } deliveryDue && deliveryDue <= time.GetUtcNow())
        {
            await DeliverDueAsync();
        }

        if (state.State.DispatchRetryAt is { } retry && retry <= time.GetUtcNow() && AwaitsAutomaticDispatch(state.State.Order))
        {
            await TellDispatcherAsync("retry");
        }
    }

    private bool AwaitsAutomaticDispatch(WorkOrder? order) =>
        WorkOrderLifecycle.AwaitsDispatch(order) && (dispatch.Value.Automatic || state.State.AutomaticRequested);

    /// <summary>One way to the live boards: the region's dispatch board, the technicians who hold or held it, the
    /// customer who owns it (their page reads the order as they may see it when a card says it changed), and the
    /// inspectors' queue when the change is theirs.</summary>
    private void PublishToBoards(WorkOrder? before, WorkOrder after)
    {
        var change = new BoardChange(BoardChange.OrderKind, after.UpdatedAt, Order: OrderCard.Of(after));
        _ = GrainFactory.GetGrain<IBoardGrain>(BoardStreams.Dispatch(after.Region)).PublishAsync(change);
        if (after.CustomerId is { } customerId)
        {
            _ = GrainFactory.GetGrain<IBoardGrain>(BoardStreams.Customer(customerId)).PublishAsync(change);
        }

        foreach (var technicianId in new[] { before?.TechnicianId, after.TechnicianId }.OfType<string>().Distinct())
        {
            _ = GrainFactory.GetGrain<IBoardGrain>(BoardStreams.Technician(technicianId)).PublishAsync(change);
        }

        if (InspectionCard.Concerns(before, after))
        {
            _ = GrainFactory.GetGrain<IBoardGrain>(BoardStreams.Inspection)
                .PublishAsync(new BoardChange(BoardChange.InspectionKind, after.UpdatedAt, Inspection: InspectionCard.Of(after)));
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

    private void SendDispatchRequest(string trigger) =>
        _ = GrainFactory.GetGrain<IDispatcherGrain>(state.State.Order!.Region).RequestAsync(DispatchRequestOf(trigger));

    private DispatchRequest DispatchRequestOf(string trigger)
    {
        var order = state.State.Order!;
        return new DispatchRequest(Id, order.Region, order.Priority, order.ReportedAt, order.Customer.Location, order.RequiredSkill,
            order.Declines.Select(d => d.TechnicianId).Distinct().ToArray(), trigger);
    }

    public Task<DispatchRequest?> GetDispatchRequestAsync() =>
        Task.FromResult(AwaitsAutomaticDispatch(state.State.Order) ? DispatchRequestOf("dispatcher-restart") : null);

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
        }

        await ScheduleClockReminderAsync();
    }

    /// <summary>Persists a decided step (with the idempotency key it was sent under, if any: one write, so the key is
    /// remembered exactly when the step is), then publishes it and carries out its effects.</summary>
    private async Task<Result<WorkOrder>> CommitAsync(WorkOrderChange change, IdempotentStep? step = null)
    {
        var before = state.State.Order;
        var waitedBefore = AwaitsAutomaticDispatch(before);
        state.State.Order = change.Order;
        state.State.History.Add(change.Entry);
        if (step is not null)
        {
            WorkOrderIdempotency.Remember(state.State.IdempotentSteps, step);
        }

        var waits = AwaitsAutomaticDispatch(change.Order);
        state.State.DispatchRetryAt = waits ? time.GetUtcNow() + dispatch.Value.RetryEvery : null;
        // Queueing a customer notice touches nothing but this order: it is done with the step and kept by the step's
        // one write, not carried out as a follow-up after it (a second write per noticed step, half the writes of an
        // automatic dispatch's offer). The sending runs from a timer, which waits for this turn to end.
        var followUps = change.Effects.Where(e => e is not SendNotificationEffect).ToList();
        foreach (var send in change.Effects.OfType<SendNotificationEffect>())
        {
            QueueDelivery(send.Index);
        }

        if (followUps.Count > 0)
        {
            state.State.Effects.AddRange(followUps);
            state.State.EffectsRetryAt ??= time.GetUtcNow() + EffectRetry.First;
        }

        try
        {
            // Aimed before the write, so that a process dying right after it still wakes this order for its follow-ups.
            await ScheduleClockReminderAsync();
        }
        catch
        {
            // Reminders unreachable (the database is down): the step is refused as a whole, nothing of it kept.
            state.Rollback();
            throw;
        }

        await state.WriteStateAsync(this);
        await PublishAsync();
        if (waits)
        {
            SendDispatchRequest(change.Entry.Action == "breach" ? "accept-timeout" : change.Entry.Action);
        }
        else if (waitedBefore)
        {
            _ = GrainFactory.GetGrain<IDispatcherGrain>(change.Order.Region).WithdrawAsync(Id);
        }

        PublishToBoards(before, change.Order);
        await DrainEffectsAsync();
        return Result<WorkOrder>.Ok(change.Order);
    }

    /// <summary>A manual dispatch or an offer to a technician whose release from this order is still pending would be
    /// undone by that release: refused until it is through (it is retried with backoff).</summary>
    private Failure? PendingRelease(string technicianId) =>
        state.State.Effects.Any(e => e is ReleaseTechnicianEffect r && r.TechnicianId == technicianId || e is RecordMissedAcceptEffect m && m.TechnicianId == technicianId)
            ? Failure.Conflict($"Work order {Id} is still being released from {technicianId}; try again in a moment.", Kebab.Of(state.State.Order!.Status))
            : null;

    /// <summary>
    /// Carries out the pending effects in order until one fails (a later one may depend on an earlier one: a
    /// reservation before its release). What was acknowledged leaves the outbox with the next write; what failed is
    /// tried again with backoff, from a timer while this activation lives and from the clock reminder (aimed no later
    /// than the retry) after it.
    /// </summary>
    private async Task DrainEffectsAsync()
    {
        if (draining || state.State.Effects.Count == 0)
        {
            return;
        }

        draining = true;
        try
        {
            var done = 0;
            var failed = false;
            while (done < state.State.Effects.Count)
            {
                var effect = state.State.Effects[done];
                try
                {
                    faults.Before($"effect-{effect.Kind}", Id);
                    await CarryOutAsync(effect, done);
                    done++;
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    logger.LogWarning(exception, "Work order {WorkOrderId}: follow-up {Effect} ({Kind}) failed; it will be retried", Id, effect.Id, effect.Kind);
                    failed = true;
                    break;
                }
            }

            state.State.Effects.RemoveRange(0, done);
            if (state.State.Effects.Count == 0)
            {
                (state.State.EffectAttempts, state.State.EffectsRetryAt) = (0, null);
            }
            else if (failed)
            {
                state.State.EffectAttempts++;
                state.State.EffectsRetryAt = time.GetUtcNow() + EffectRetry.After(state.State.EffectAttempts);
                ArmEffectsTimer(EffectRetry.After(state.State.EffectAttempts));
            }

            await ScheduleClockReminderAsync();
            await state.WriteStateAsync(this);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The outbox is stored with the step: whatever was done and not yet marked is done again, harmlessly.
            logger.LogWarning(exception, "Work order {WorkOrderId}: recording its follow-ups failed; they will be retried", Id);
        }
        finally
        {
            draining = false;
        }
    }

    private void ArmEffectsTimer(TimeSpan wait) => effectsRetry.Arm(this, wait, DrainEffectsAsync);

    /// <summary>One effect, at its target; returns once the target has acknowledged it (a refusal is an answer too:
    /// the target decided, and asking again would get the same answer).</summary>
    private async Task CarryOutAsync(OrderEffect effect, int position)
    {
        var order = state.State.Order!;
        switch (effect)
        {
            case ReleaseTechnicianEffect release:
                await GrainFactory.GetGrain<ITechnicianGrain>(release.TechnicianId).ReleaseAsync(Id, Actor.System);
                break;
            case RecordMissedAcceptEffect missed:
                await GrainFactory.GetGrain<ITechnicianGrain>(missed.TechnicianId).RecordMissedAcceptAsync(Id, missed.At);
                break;
            case RaiseEscalationEffect raise:
                await GrainFactory.GetGrain<IEscalationGrain>(EscalationIds.For(raise.Team, raise.Key)).RaiseAsync(raise.Team, Id, raise.Clause, raise.Reason);
                state.State.EscalatedClocks.Add(raise.Key);
                break;
            case OpenComplaintEffect complaint:
                await GrainFactory.GetGrain<FieldService.Complaints.IComplaintGrain>(complaint.ComplaintId)
                    .OpenAsync(new FieldService.Complaints.ComplaintOpening(Id, FieldService.Complaints.ComplaintCategory.Other, complaint.Words), complaint.OpenedBy);
                break;
            case ReservePartsEffect reserve:
                await ReservePartsAsync(reserve, position);
                break;
            case ReleasePartsEffect release:
                foreach (var line in release.Bins)
                {
                    await GrainFactory.GetGrain<FieldService.Parts.IPartsBinGrain>(FieldService.Parts.PartsBins.Key(line.Location, line.Sku))
                        .ExecuteForOrderAsync(new FieldService.Parts.ReleaseParts(Id), Actor.System, order);
                }

                break;
            case ClearPartsDemandEffect:
                await GrainFactory.GetGrain<FieldService.Parts.IPartsCatalogGrain>(0).ClearWaitingAsync(Id);
                break;
            case SendNotificationEffect send when send.Index < order.Notifications.Count:
                QueueDelivery(send.Index);
                break;
            case RecordSupportCaseEffect support when order.SupportRequests.FirstOrDefault(r => r.Number == support.Number) is { } request:
                await GrainFactory.GetGrain<ISupportInboxGrain>(0).RecordAsync(SupportCase.Of(order, request));
                break;
            case AcknowledgeEscalationEffect acknowledge:
                await GrainFactory.GetGrain<IEscalationGrain>(EscalationIds.For(acknowledge.Team, acknowledge.Key)).AcknowledgeAsync(acknowledge.By);
                break;
            case RecordStandardUseEffect use:
                await GrainFactory.GetGrain<IStandardUsageGrain>(StandardUsage.Key(use.Category, use.Version))
                    .RecordAsync(new StandardUse(Id, order.TechnicianId, order.SelfCheck?.At ?? order.UpdatedAt, order.SelfCheck?.Passed ?? false));
                break;
        }
    }

    /// <summary>
    /// P6/M3: reserves what the repair waits for — from the technician's van first, then the region's warehouse —,
    /// tells the storekeepers what is short, and records both on the order. The split between bins is planned and
    /// stored first; each bin applies its planned line once (by request id), so a retry reserves nothing twice.
    /// </summary>
    private async Task ReservePartsAsync(ReservePartsEffect effect, int position)
    {
        var order = state.State.Order!;
        if (effect.Plan is null)
        {
            var plan = new List<PartLine>();
            foreach (var need in effect.Needs)
            {
                var remaining = need.Quantity;
                foreach (var location in new[] { order.TechnicianId is { } t ? $"van-{t}" : null, $"wh-{order.Region}" }.OfType<string>())
                {
                    var bin = GrainFactory.GetGrain<FieldService.Parts.IPartsBinGrain>(FieldService.Parts.PartsBins.Key(location, need.Sku));
                    var take = Math.Min(remaining, Math.Max(0, (await bin.GetAsync())?.Available ?? 0));
                    if (take > 0)
                    {
                        plan.Add(new PartLine(location, need.Sku, take));
                        remaining -= take;
                    }
                }
            }

            effect = effect with { Plan = plan };
            state.State.Effects[position] = effect;
            await state.WriteStateAsync(this);
        }

        var reserved = new List<PartLine>();
        foreach (var line in effect.Plan!)
        {
            var bin = GrainFactory.GetGrain<FieldService.Parts.IPartsBinGrain>(FieldService.Parts.PartsBins.Key(line.Location, line.Sku));
            var result = await bin.ExecuteForOrderAsync(new FieldService.Parts.ReserveParts(Id, line.Quantity, effect.RequestIdFor(Id, line)), Actor.System, order);
            if (result.Succeeded)
            {
                reserved.Add(line);
            }
        }

        var missing = new List<PartNeed>();
        foreach (var need in effect.Needs)
        {
            var remaining = need.Quantity - reserved.Where(l => l.Sku == need.Sku).Sum(l => l.Quantity);
            // The demand list holds what is still short (0 drops it: what arrived covered the order).
            await GrainFactory.GetGrain<FieldService.Parts.IPartsCatalogGrain>(0)
                .SetWaitingAsync(Id, FieldService.Parts.PartsBins.Key($"wh-{order.Region}", need.Sku), Math.Max(0, remaining));
            if (remaining <= 0)
            {
                continue;
            }

            missing.Add(need with { Quantity = remaining });
            if (!effect.Arrived)
            {
                await GrainFactory.GetGrain<IEscalationGrain>(EscalationIds.For(Teams.Stores, $"shortage/{Id}/{need.Sku}/{effect.Id}"))
                    .RaiseAsync(Teams.Stores, Id, "M3", $"work order {Id} waits for {remaining} x {need.Sku}: not in van or warehouse {order.Region}");
            }
        }

        if (WorkOrderLifecycle.Decide(Id, state.State.Order, new RecordPartsReserved(reserved, missing), Actor.System, time.GetUtcNow(), Terms).Value is { } recorded)
        {
            await CommitAsync(recorded);
        }
    }

    /// <summary>Aims the reminder at the earliest of: the next running deadline, the next dispatch retry, the next
    /// retry of pending follow-ups and the next try of a queued notice; removes it when there is none.</summary>
    private async Task ScheduleClockReminderAsync()
    {
        var next = new[] { SlaClocks.NextDue(state.State.Order?.Clocks ?? []), state.State.DispatchRetryAt, state.State.EffectsRetryAt, NextDeliveryAt }
            .Where(d => d is not null).Min();
        // What this activation registered wins over the stored mark: a write that failed after the reminder was
        // re-aimed puts the old mark back, but not the old reminder.
        if (!aimedKnown)
        {
            (aimedAt, aimedKnown) = (state.State.ReminderDueAt, true);
        }

        if (next == aimedAt)
        {
            return;
        }

        // A later deadline while the reminder is still aimed at an earlier moment ahead (an offer stopping P2 and
        // starting P3 before the dispatch retry was due): that tick comes first and aims it again, so it is left as it
        // is — one reminder write fewer per step on the busy path, one early wake-up later.
        var now = time.GetUtcNow();
        if (next is { } later && aimedAt is { } aimed && aimed > now && aimed <= later && clockReminder is not null)
        {
            return;
        }

        faults.Before("clock-reminder", Id);
        if (next is { } due)
        {
            var wait = due - now;
            clockReminder = await this.RegisterOrUpdateReminder(ClockReminder, wait > TimeSpan.Zero ? wait : TimeSpan.Zero, ReminderPeriod);
        }
        else if ((clockReminder ?? await this.GetReminder(ClockReminder)) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
            clockReminder = null;
        }

        state.State.ReminderDueAt = next;
        aimedAt = next;
    }

    private async Task PublishAsync()
    {
        var order = state.State.Order!;
        var published = await publisher.PublishAsync(
            state.State.History, state.State.PublishedSequence, () => index.UpsertAsync(WorkOrderSummary.Of(order)), $"work order {Id}");
        if (published is { } sequence)
        {
            // Persisted with the next write; until then a reactivation publishes again, which is harmless.
            state.State.PublishedSequence = sequence;
            return;
        }

        republish.Arm(this, RepublishDelay, PublishAsync);
    }

    /// <summary>Orders stored before breaches were escalated through the outbox: a breach neither escalated nor
    /// pending is put in the outbox now (the escalation is named after the breach, so this cannot double it).</summary>
    private void AdoptUnescalatedBreaches(WorkOrder order)
    {
        foreach (var clock in order.Clocks.Where(c => c.BreachedAt is not null))
        {
            var key = WorkOrderEffects.BreachKey(Id, clock);
            if (state.State.EscalatedClocks.Contains(key) || state.State.Effects.Any(e => e is RaiseEscalationEffect r && r.Key == key))
            {
                continue;
            }

            var team = WorkOrderLifecycle.TeamFor(clock.Kind, order);
            state.State.Effects.Add(new RaiseEscalationEffect($"adopted/{key}", team, key, clock.Clause, $"{Kebab.Of(clock.Kind)} deadline {clock.DueAt:u} missed"));
        }
    }
}
