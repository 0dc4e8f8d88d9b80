using FieldService.Audit;
using FieldService.Escalations;
using FieldService.Grains.Clocks;
using FieldService.Grains.Common;
using FieldService.Grains.Records;
using Microsoft.Extensions.Options;

namespace FieldService.Grains.Escalations;

/// <summary>
/// One team's escalation inbox (E1). An escalation goes to the first member on call; if nobody acknowledges it
/// within <see cref="SlaOptions.EscalationAckWithin"/>, a reminder raises it again to the next member on call, and
/// so on until someone does. Like the work order's clocks, the reminder only wakes the grain: what is due is
/// decided from the persisted <see cref="Escalation.NextRaiseAt"/>, so a missed or repeated tick does no harm.
/// </summary>
public sealed class EscalationTeamGrain(
    [PersistentState("team", StorageNames.Records)] IPersistentState<EscalationTeamState> state,
    RecordPublisher publisher,
    IOptions<SlaOptions> sla,
    TimeProvider time) : Grain, IEscalationTeamGrain, IRemindable
{
    private const string ReRaiseReminder = "re-raise";
    private const string SubjectType = "team";

    private string Team => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken) => await ReRaiseDueAsync();

    public async Task<Escalation> RaiseAsync(string key, string workOrderId, string clause, string reason)
    {
        if (state.State.Keys.TryGetValue(key, out var existingId))
        {
            return state.State.Escalations.Single(e => e.Id == existingId);
        }

        var now = time.GetUtcNow();
        var escalation = new Escalation($"{Team}.{state.State.Escalations.Count + 1}", Team, workOrderId, clause, reason, now,
            NextOnCall(after: null), 1, now + sla.Value.EscalationAckWithin, null, null);
        state.State.Escalations.Add(escalation);
        state.State.Keys[key] = escalation.Id;
        Record(Actor.System, "raise", $"{escalation.Id} {clause} {reason}" + To(escalation), workOrderId);
        await CommitAsync();
        return escalation;
    }

    public async Task<Result<Escalation>> AcknowledgeAsync(string escalationId, Actor actor)
    {
        var index = state.State.Escalations.FindIndex(e => e.Id == escalationId);
        if (index < 0)
        {
            return Failure.NotFound($"No escalation {escalationId}.");
        }

        var escalation = state.State.Escalations[index];
        if (escalation.AcknowledgedAt is not null)
        {
            return Result<Escalation>.Ok(escalation);
        }

        escalation = escalation with { AcknowledgedAt = time.GetUtcNow(), AcknowledgedBy = actor.Id, NextRaiseAt = null };
        state.State.Escalations[index] = escalation;
        Record(actor, "acknowledge", escalation.Id, escalation.WorkOrderId);
        await CommitAsync();
        return Result<Escalation>.Ok(escalation);
    }

    public Task<IReadOnlyList<Escalation>> ListAsync(bool openOnly) => Task.FromResult<IReadOnlyList<Escalation>>(
        state.State.Escalations.Where(e => !openOnly || e.AcknowledgedAt is null).OrderBy(e => e.RaisedAt).ToArray());

    public async Task<Result<IReadOnlyList<RosterMember>>> SetRosterAsync(IReadOnlyList<RosterMember> members, Actor actor)
    {
        var v = new Validation();
        for (var i = 0; i < members.Count; i++)
        {
            v.Identifier($"members[{i}].id", members[i].Id).Required($"members[{i}].name", members[i].Name).Required($"members[{i}].role", members[i].Role, 64);
        }

        if (members.GroupBy(m => m.Id, StringComparer.Ordinal).Any(g => g.Count() > 1))
        {
            v.Add("members", "must not name a member twice");
        }

        if (v.ToFailure() is { } invalid)
        {
            return invalid;
        }

        state.State.Roster = [.. members];
        Record(actor, "set-roster", $"{members.Count} members, {members.Count(m => m.OnCall)} on call", null);
        await CommitAsync();
        return Result<IReadOnlyList<RosterMember>>.Ok(state.State.Roster.ToArray());
    }

    public Task<IReadOnlyList<RosterMember>> GetRosterAsync() => Task.FromResult<IReadOnlyList<RosterMember>>(state.State.Roster.ToArray());

    public async Task<Result<EmergencyPlan>> SavePlanAsync(string incidentType, string name, IReadOnlyList<string> steps, Actor actor)
    {
        var v = new Validation().Identifier("incidentType", incidentType).Required("name", name);
        if (steps.Count == 0)
        {
            v.Add("steps", "must list at least one step");
        }

        for (var i = 0; i < steps.Count; i++)
        {
            v.Required($"steps[{i}]", steps[i], 1000);
        }

        if (v.ToFailure() is { } invalid)
        {
            return invalid;
        }

        var version = state.State.Plans.TryGetValue(incidentType, out var previous) ? previous.Version + 1 : 1;
        var plan = new EmergencyPlan(incidentType, name, steps.ToArray(), version, time.GetUtcNow(), actor.Id);
        state.State.Plans[incidentType] = plan;
        Record(actor, "save-plan", $"{incidentType} version {version}", null);
        await CommitAsync();
        return Result<EmergencyPlan>.Ok(plan);
    }

    public Task<IReadOnlyList<EmergencyPlan>> ListPlansAsync() =>
        Task.FromResult<IReadOnlyList<EmergencyPlan>>(state.State.Plans.Values.OrderBy(p => p.IncidentType, StringComparer.Ordinal).ToArray());

    public Task ReceiveReminder(string reminderName, TickStatus status) => ReRaiseDueAsync();

    /// <summary>Raises again every escalation whose acknowledgement is overdue, once per tick however late it is.</summary>
    private async Task ReRaiseDueAsync()
    {
        var now = time.GetUtcNow();
        var changed = false;
        for (var i = 0; i < state.State.Escalations.Count; i++)
        {
            var e = state.State.Escalations[i];
            if (e.NextRaiseAt is { } due && due <= now && e.AcknowledgedAt is null)
            {
                e = e with { AssignedTo = NextOnCall(after: e.AssignedTo), Raises = e.Raises + 1, NextRaiseAt = now + sla.Value.EscalationAckWithin };
                state.State.Escalations[i] = e;
                Record(Actor.System, "re-raise", $"{e.Id} not acknowledged; raise {e.Raises}" + To(e), e.WorkOrderId);
                changed = true;
            }
        }

        if (changed)
        {
            await CommitAsync();
        }
        else
        {
            await ScheduleAsync();
        }
    }

    /// <summary>The next member on call after <paramref name="after"/>, round the roster; null when nobody is on call.</summary>
    private string? NextOnCall(string? after)
    {
        var onCall = state.State.Roster.Where(m => m.OnCall).Select(m => m.Id).ToList();
        if (onCall.Count == 0)
        {
            return null;
        }

        var index = after is null ? -1 : onCall.IndexOf(after);
        return onCall[(index + 1) % onCall.Count];
    }

    private static string To(Escalation e) => e.AssignedTo is null ? "" : $" to {e.AssignedTo}";

    private void Record(Actor actor, string action, string reason, string? workOrderId) =>
        state.State.History.Add(new AuditEntry(SubjectType, Team, state.State.History.Count + 1, time.GetUtcNow(), actor, action, null, null,
            reason, workOrderId, null));

    private async Task CommitAsync()
    {
        await state.WriteStateAsync();
        if (await publisher.PublishAsync(state.State.History, state.State.PublishedSequence, () => Task.CompletedTask, $"team {Team}") is { } sequence)
        {
            state.State.PublishedSequence = sequence;
        }

        await ScheduleAsync();
    }

    private async Task ScheduleAsync()
    {
        var next = state.State.Escalations.Where(e => e.AcknowledgedAt is null && e.NextRaiseAt is not null).Min(e => e.NextRaiseAt);
        if (next is { } due)
        {
            var wait = due - time.GetUtcNow();
            await this.RegisterOrUpdateReminder(ReRaiseReminder, wait > TimeSpan.Zero ? wait : TimeSpan.Zero, ReminderPeriod);
        }
        else if (await this.GetReminder(ReRaiseReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    /// <summary>The reminder is re-aimed at the next deadline after every tick; the period is only a safety net.</summary>
    internal static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);
}
