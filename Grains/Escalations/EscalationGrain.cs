using FieldService.Audit;
using FieldService.Boards;
using FieldService.Escalations;
using FieldService.Grains.Clocks;
using FieldService.Grains.Common;
using FieldService.Grains.Records;
using Microsoft.Extensions.Options;

namespace FieldService.Grains.Escalations;

/// <summary>
/// One escalation (E1). It goes to the first member of its team on call; if nobody acknowledges it within
/// <see cref="SlaOptions.EscalationAckWithin"/>, its reminder raises it again to the next member on call, and so on
/// until someone does. The reminder only wakes the grain: what is due is decided from the persisted
/// <see cref="Escalation.NextRaiseAt"/>, so a missed or repeated tick does no harm.
/// </summary>
public sealed class EscalationGrain(
    [PersistentState("escalation", StorageNames.Records)] IPersistentState<EscalationState> stored,
    RecordPublisher publisher,
    IEscalationIndex index,
    IOptions<SlaOptions> sla,
    TimeProvider time) : Grain, IEscalationGrain, IRemindable
{
    private readonly GuardedState<EscalationState> state = new(stored);

    private const string ReRaiseReminder = "re-raise";

    /// <summary>Reminders need a period; the reminder is re-aimed at the next raise anyway.</summary>
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);

    private string Id => this.GetPrimaryKeyString();

    /// <summary>The re-raise reminder as registered by this activation, so removing it needs no read of the table.</summary>
    private IGrainReminder? reRaiseReminder;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Escalation is not null && state.State.PublishedSequence < state.State.History.Count)
        {
            await PublishAsync();
        }
    }

    public Task<Escalation?> GetAsync() => Task.FromResult(state.State.Escalation);

    public async Task<Escalation> RaiseAsync(string team, string workOrderId, string clause, string reason)
    {
        if (state.State.Escalation is { } existing)
        {
            if (existing is { AcknowledgedAt: null, NextRaiseAt: { } due } && reRaiseReminder is null)
            {
                // A repeated raise (the order retrying its follow-up) may come because the first one stored the
                // escalation but could not register its re-raise reminder: make sure it is there.
                var wait = due - time.GetUtcNow();
                reRaiseReminder = await this.RegisterOrUpdateReminder(ReRaiseReminder, wait > TimeSpan.Zero ? wait : TimeSpan.Zero, ReminderPeriod);
            }

            return existing;
        }

        var now = time.GetUtcNow();
        var assignee = await GrainFactory.GetGrain<IEscalationTeamGrain>(team).NextOnCallAsync(after: null);
        var escalation = new Escalation(Id, team, workOrderId, clause, reason, now, assignee, 1, now + sla.Value.EscalationAckWithin, null, null, 1);
        await CommitAsync(escalation, Actor.System, "raise", $"{clause} {reason}{To(escalation)}");
        reRaiseReminder = await this.RegisterOrUpdateReminder(ReRaiseReminder, sla.Value.EscalationAckWithin, ReminderPeriod);
        return escalation;
    }

    public async Task<Result<Escalation>> AcknowledgeAsync(Actor actor)
    {
        if (state.State.Escalation is not { } escalation)
        {
            return Failure.NotFound($"No escalation {Id}.");
        }

        if (escalation.AcknowledgedAt is null)
        {
            escalation = escalation with { AcknowledgedAt = time.GetUtcNow(), AcknowledgedBy = actor.Id, NextRaiseAt = null, Version = escalation.Version + 1 };
            await CommitAsync(escalation, actor, "acknowledge", null);
            await StopReRaisingAsync();
        }

        return Result<Escalation>.Ok(escalation);
    }

    /// <summary>Raises the escalation again when its acknowledgement is overdue — once per tick, however late.</summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        var now = time.GetUtcNow();
        if (state.State.Escalation is not { NextRaiseAt: { } due, AcknowledgedAt: null } escalation)
        {
            await StopReRaisingAsync();
            return;
        }

        if (due <= now)
        {
            var assignee = await GrainFactory.GetGrain<IEscalationTeamGrain>(escalation.Team).NextOnCallAsync(escalation.AssignedTo);
            escalation = escalation with
            {
                AssignedTo = assignee, Raises = escalation.Raises + 1, NextRaiseAt = now + sla.Value.EscalationAckWithin, Version = escalation.Version + 1,
            };
            await CommitAsync(escalation, Actor.System, "re-raise", $"not acknowledged; raise {escalation.Raises}{To(escalation)}");
        }

        var wait = escalation.NextRaiseAt!.Value - now;
        reRaiseReminder = await this.RegisterOrUpdateReminder(ReRaiseReminder, wait > TimeSpan.Zero ? wait : TimeSpan.Zero, ReminderPeriod);
    }

    private async Task StopReRaisingAsync()
    {
        if ((reRaiseReminder ?? await this.GetReminder(ReRaiseReminder)) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
            reRaiseReminder = null;
        }
    }

    private static string To(Escalation e) => e.AssignedTo is null ? "" : $" to {e.AssignedTo}";

    private async Task CommitAsync(Escalation escalation, Actor actor, string action, string? reason)
    {
        state.State.Escalation = escalation;
        state.State.History.Add(new AuditEntry("escalation", Id, state.State.History.Count + 1, time.GetUtcNow(), actor, action, null, null, reason,
            escalation.WorkOrderId, null));
        await state.WriteStateAsync(this);
        await PublishAsync();
        _ = GrainFactory.GetGrain<IBoardGrain>(BoardStreams.Team(escalation.Team))
            .PublishAsync(new BoardChange(BoardChange.EscalationKind, time.GetUtcNow(), Escalation: escalation));
    }

    private async Task PublishAsync()
    {
        var escalation = state.State.Escalation!;
        if (await publisher.PublishAsync(state.State.History, state.State.PublishedSequence, () => index.UpsertAsync(escalation), $"escalation {Id}") is { } sequence)
        {
            state.State.PublishedSequence = sequence;
        }
    }
}
