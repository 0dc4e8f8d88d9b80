using FieldService.Audit;
using FieldService.Boards;
using FieldService.Dispatching;
using FieldService.Grains.Common;
using FieldService.Grains.Dispatching;
using FieldService.Grains.Records;
using FieldService.Grains.WorkOrders;
using FieldService.WorkOrders;
using FieldService.Technicians;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FieldService.Grains.Technicians;

/// <summary>
/// One technician; the only writer of their assignments, so concurrent dispatches cannot overbook them. Whenever
/// they can take more work (an order released, back to available, registered, a shift starting, a leave ending),
/// the dispatchers of the regions they serve are told, one way, so waiting orders go out at once. A reminder is
/// aimed at the next shift start or leave end for that purpose.
/// </summary>
public sealed class TechnicianGrain(
    [PersistentState("technician", StorageNames.Records)] IPersistentState<TechnicianState> stored,
    RecordPublisher publisher,
    ITechnicianIndex index,
    IOptions<DispatchOptions> dispatch,
    TimeProvider time,
    ILogger<TechnicianGrain> logger) : Grain, ITechnicianGrain, IRemindable
{
    private readonly GuardedState<TechnicianState> state = new(stored);

    private const string AvailabilityReminder = "availability";

    /// <summary>At most this many leave periods are kept (the oldest past ones are dropped first).</summary>
    public const int MaxLeave = 50;

    /// <summary>Actions after which the technician may be able to take more work.</summary>
    private static readonly HashSet<string> Freeing = ["register", "update-profile", "set-status", "release", AuditActions.MissedAccept, "set-shifts", "add-leave", "cancel-leave", "reconcile"];

    /// <summary>An order taken this recently is left alone by reconciliation: its offer or dispatch may still be on
    /// its way to the order (a grain call times out well within this).</summary>
    public static readonly TimeSpan ReconcileGrace = TimeSpan.FromMinutes(1);

    /// <summary>How often a technician holding orders checks them against the orders themselves.</summary>
    public static readonly TimeSpan ReconcileEvery = TimeSpan.FromMinutes(1);

    private IGrainTimer? reconcileTimer;
    private readonly RetryTimer republish = new();

    private static readonly TimeSpan RepublishDelay = TimeSpan.FromSeconds(5);

    private string Id => this.GetPrimaryKeyString();

    private Technician? Current => state.State.Technician;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Current is not null && state.State.PublishedSequence < state.State.History.Count)
        {
            await PublishAsync();
        }

        ArmReconciliation(TimeSpan.FromSeconds(30));
    }

    public async Task<IReadOnlyList<string>> ReconcileAsync()
    {
        if (Current is not { } technician)
        {
            return [];
        }

        var now = time.GetUtcNow();
        var dropped = new List<string>();
        foreach (var workOrderId in technician.Assignments)
        {
            if (state.State.AssignedAt.TryGetValue(workOrderId, out var takenAt) && now - takenAt < ReconcileGrace)
            {
                continue;
            }

            if (await GrainFactory.GetGrain<IWorkOrderGrain>(workOrderId).GetOccupiedTechnicianAsync() != Id)
            {
                dropped.Add(workOrderId);
            }
        }

        foreach (var workOrderId in dropped)
        {
            // One entry per order, naming it, so the trail replays the load exactly.
            var before = Current!;
            state.State.AssignedAt.Remove(workOrderId);
            await CommitAsync(before with { Assignments = before.Assignments.Where(a => a != workOrderId).ToArray() }, Actor.System, "reconcile",
                before.Status, $"work order {workOrderId} is not open and assigned to {Id} any more", workOrderId);
        }

        return dropped;
    }

    /// <summary>Checks the load once <paramref name="first"/> has passed and then every <see cref="ReconcileEvery"/>,
    /// while there is a load to check (the timer does not keep an idle technician in memory).</summary>
    private void ArmReconciliation(TimeSpan first)
    {
        if (reconcileTimer is not null || Current is not { Assignments.Count: > 0 })
        {
            return;
        }

        reconcileTimer = this.RegisterGrainTimer(
            async _ =>
            {
                await ReconcileAsync();
                if (Current is not { Assignments.Count: > 0 })
                {
                    reconcileTimer?.Dispose();
                    reconcileTimer = null;
                }
            },
            new GrainTimerCreationOptions(first, ReconcileEvery) { KeepAlive = false });
    }

    public Task<Technician?> GetAsync() => Task.FromResult(Current);

    public async Task<Result<Technician>> SaveProfileAsync(TechnicianProfile profile, Actor actor)
    {
        if (TechnicianRules.ValidateProfile(profile) is { } invalid)
        {
            return invalid;
        }

        var now = time.GetUtcNow();
        var before = Current;
        var next = before is null
            ? new Technician { Id = Id, Profile = profile, DutyStatus = TechnicianStatus.Available, Location = profile.Home, LocationAt = now }
            : before with { Profile = profile };
        return await CommitAsync(next, actor, before is null ? "register" : "update-profile", before?.Status, null, null);
    }

    public async Task<Result<Technician>> SetStatusAsync(TechnicianStatus status, string? reason, Actor actor)
    {
        if (Current is not { } before)
        {
            return Failure.NotFound($"No technician {Id}.");
        }

        var v = new Validation().Optional("reason", reason, 1000);
        if (v.ToFailure() is { } invalid)
        {
            return invalid;
        }

        return before.DutyStatus == status
            ? Result<Technician>.Ok(before)
            : await CommitAsync(before with { DutyStatus = status }, actor, "set-status", before.Status, reason, null);
    }

    public async Task<Result<Technician>> ReportLocationAsync(GeoPoint location)
    {
        if (Current is not { } before)
        {
            return Failure.NotFound($"No technician {Id}.");
        }

        if (new Validation().Position("location", location).ToFailure() is { } invalid)
        {
            return invalid;
        }

        var next = before with { Location = location, LocationAt = time.GetUtcNow() };
        return await CommitAsync(next, actor: null, action: null, null, null, null);
    }

    public async Task<Result<Technician>> AssignAsync(string workOrderId, Actor actor)
    {
        if (Current is not { } before)
        {
            return Failure.NotFound($"No technician {Id}.");
        }

        if (before.Assignments.Contains(workOrderId))
        {
            // Taken again (a retried dispatch): the grace before reconciliation starts anew.
            state.State.AssignedAt[workOrderId] = time.GetUtcNow();
            return Result<Technician>.Ok(before);
        }

        if (TechnicianRules.RefuseAssignment(before, workOrderId) is { } refused)
        {
            return refused;
        }

        var next = before with { Assignments = [.. before.Assignments, workOrderId] };
        state.State.AssignedAt[workOrderId] = time.GetUtcNow();
        var result = await CommitAsync(next, actor, "assign", before.Status, $"work order {workOrderId}", workOrderId);
        ArmReconciliation(ReconcileEvery);
        return result;
    }

    public async Task<IReadOnlyList<Result<Technician>>> AssignManyAsync(IReadOnlyList<string> workOrderIds, Actor actor)
    {
        if (Current is not { } before)
        {
            return workOrderIds.Select(_ => (Result<Technician>)Failure.NotFound($"No technician {Id}.")).ToList();
        }

        // Decided one after the other on the growing load, so the answers are those of as many single takes; what is
        // taken is then written once (a dispatch round's takes for this technician cost one write, not one each).
        var now = time.GetUtcNow();
        var next = before;
        var refusals = new Failure?[workOrderIds.Count];
        var taken = new List<(string WorkOrderId, Technician After)>();
        for (var i = 0; i < workOrderIds.Count; i++)
        {
            var workOrderId = workOrderIds[i];
            if (next.Assignments.Contains(workOrderId))
            {
                state.State.AssignedAt[workOrderId] = now;
                continue;
            }

            if (TechnicianRules.RefuseAssignment(next, workOrderId) is { } refused)
            {
                refusals[i] = refused;
                continue;
            }

            next = next with { Assignments = [.. next.Assignments, workOrderId] };
            state.State.AssignedAt[workOrderId] = now;
            taken.Add((workOrderId, next));
        }

        if (taken.Count > 0)
        {
            // One entry per order, naming it, with the status the load had after it, so the trail replays the load exactly.
            var from = before.Status;
            foreach (var (workOrderId, after) in taken.SkipLast(1))
            {
                Audit(after, actor, "assign", from, $"work order {workOrderId}", workOrderId);
                from = after.Status;
            }

            var last = taken[^1];
            next = (await CommitAsync(last.After, actor, "assign", from, $"work order {last.WorkOrderId}", last.WorkOrderId)).Value!;
            ArmReconciliation(ReconcileEvery);
        }

        return refusals.Select(r => r is null ? Result<Technician>.Ok(next) : r).ToList();
    }

    public async Task RecordMissedAcceptAsync(string workOrderId, DateTimeOffset at)
    {
        var miss = new MissedAccept(workOrderId, at);
        if (Current is not { } before || before.MissedAccepts.Contains(miss))
        {
            return;
        }

        var next = before with
        {
            MissedAccepts = [.. before.MissedAccepts, miss],
            Assignments = before.Assignments.Where(a => a != workOrderId).ToArray(),
        };
        state.State.AssignedAt.Remove(workOrderId);
        await CommitAsync(next, Actor.System, AuditActions.MissedAccept, before.Status, $"work order {workOrderId}: offer not accepted in time (P3)", workOrderId);
    }

    public async Task<Result<Technician>> SetShiftsAsync(IReadOnlyList<WeeklyShift> shifts, Actor actor)
    {
        if (Current is not { } before)
        {
            return Failure.NotFound($"No technician {Id}.");
        }

        if (TechnicianRules.ValidateShifts(shifts) is { } invalid)
        {
            return invalid;
        }

        return await CommitAsync(before with { Shifts = shifts.ToArray() }, actor, "set-shifts", before.Status,
            shifts.Count == 0 ? "weekly schedule cleared" : $"{shifts.Count} weekly shifts", null);
    }

    public async Task<Result<Technician>> AddLeaveAsync(LeavePeriod leave, Actor actor)
    {
        if (Current is not { } before)
        {
            return Failure.NotFound($"No technician {Id}.");
        }

        if (TechnicianRules.ValidateLeave(leave) is { } invalid)
        {
            return invalid;
        }

        var now = time.GetUtcNow();
        var kept = before.Leave.Where(l => l.To > now).Concat(before.Leave.Where(l => l.To <= now).OrderByDescending(l => l.To))
            .Take(MaxLeave - 1).OrderBy(l => l.From).ToList();
        var added = leave with { Id = $"leave-{state.State.History.Count + 1}" };
        return await CommitAsync(before with { Leave = [.. kept, added] }, actor, "add-leave", before.Status,
            $"{added.Id} {added.From:u} to {added.To:u}: {added.Reason}", null);
    }

    public async Task<Result<Technician>> CancelLeaveAsync(string leaveId, Actor actor)
    {
        if (Current is not { } before)
        {
            return Failure.NotFound($"No technician {Id}.");
        }

        if (before.Leave.All(l => l.Id != leaveId))
        {
            return Failure.NotFound($"Technician {Id} has no leave {leaveId}.");
        }

        return await CommitAsync(before with { Leave = before.Leave.Where(l => l.Id != leaveId).ToArray() }, actor, "cancel-leave", before.Status, leaveId, null);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        await AimAvailabilityReminderAsync();
        if (Current is { } technician && DispatchRules.CanTakeWork(technician, time.GetUtcNow()))
        {
            await TellDispatchersAsync(technician);
        }
    }

    public async Task ReleaseAsync(string workOrderId, Actor actor)
    {
        if (Current is not { } before || !before.Assignments.Contains(workOrderId))
        {
            return;
        }

        var next = before with { Assignments = before.Assignments.Where(a => a != workOrderId).ToArray() };
        state.State.AssignedAt.Remove(workOrderId);
        await CommitAsync(next, actor, "release", before.Status, $"work order {workOrderId}", workOrderId);
    }

    /// <summary>Persists the change (with a history entry unless <paramref name="action"/> is null) and publishes it.</summary>
    private async Task<Result<Technician>> CommitAsync(
        Technician next, Actor? actor, string? action, TechnicianStatus? from, string? reason, string? workOrderId)
    {
        var now = time.GetUtcNow();
        next = next with { Version = next.Version + 1, UpdatedAt = now };
        state.State.Technician = next;
        if (action is not null)
        {
            Audit(next, actor!, action, from, reason, workOrderId);
        }

        await state.WriteStateAsync(this);
        await PublishAsync();
        _ = GrainFactory.GetGrain<IBoardGrain>(BoardStreams.Dispatch(next.Profile.Region))
            .PublishAsync(new BoardChange(BoardChange.TechnicianKind, now, Technician: next));
        if (action is not null && Freeing.Contains(action))
        {
            try
            {
                await AimAvailabilityReminderAsync();
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The change is stored: answering "failed" would invite a repeat. The next change or tick aims it again.
                logger.LogWarning(exception, "Technician {TechnicianId}: the availability reminder could not be aimed", Id);
            }

            if (DispatchRules.CanTakeWork(next, now))
            {
                await TellDispatchersAsync(next);
            }
        }

        return Result<Technician>.Ok(next);
    }

    /// <summary>Adds a history entry for a change to <paramref name="after"/>; it is stored with the next write.</summary>
    private void Audit(Technician after, Actor actor, string action, TechnicianStatus? from, string? reason, string? workOrderId) =>
        state.State.History.Add(new AuditEntry(TechnicianRules.SubjectType, Id, state.State.History.Count + 1, time.GetUtcNow(), actor,
            action, from is { } f ? Kebab.Of(f) : null, Kebab.Of(after.Status), reason, workOrderId, Id));

    /// <summary>One-way: the dispatchers never wait on a technician, and the technician never waits on them.</summary>
    private Task TellDispatchersAsync(Technician technician)
    {
        foreach (var region in dispatch.Value.ServingRegions(technician.Profile.Region))
        {
            _ = GrainFactory.GetGrain<IDispatcherGrain>(region).CapacityFreedAsync(Id);
        }

        return Task.CompletedTask;
    }

    /// <summary>Aims the availability reminder at the next shift start or leave end (or removes it).</summary>
    private async Task AimAvailabilityReminderAsync()
    {
        var now = time.GetUtcNow();
        var next = Current is { } technician ? DispatchRules.NextAvailabilityChange(technician, now) : null;
        if (next == state.State.AvailabilityReminderAt && (next is null || next > now))
        {
            return;
        }

        if (next is { } due)
        {
            await this.RegisterOrUpdateReminder(AvailabilityReminder, due - now, TimeSpan.FromDays(1));
        }
        else if (await this.GetReminder(AvailabilityReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        state.State.AvailabilityReminderAt = next;
        await state.WriteStateAsync(this);
    }

    /// <summary>The history and the index line; when they cannot be written (a database restart) they are tried again
    /// in a few seconds: the dispatchers plan from the index, so a stale line would hide this technician's room.</summary>
    private async Task PublishAsync()
    {
        var technician = Current!;
        if (await publisher.PublishAsync(state.State.History, state.State.PublishedSequence, () => index.UpsertAsync(technician), $"technician {Id}") is { } sequence)
        {
            state.State.PublishedSequence = sequence;
            return;
        }

        republish.Arm(this, RepublishDelay, async () =>
        {
            await PublishAsync();
            if (Current is { } now && DispatchRules.CanTakeWork(now, time.GetUtcNow()))
            {
                await TellDispatchersAsync(now);
            }
        });
    }
}
