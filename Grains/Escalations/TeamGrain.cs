using FieldService.Audit;
using FieldService.Boards;
using FieldService.Escalations;
using FieldService.Grains.Common;
using FieldService.Grains.Records;

namespace FieldService.Grains.Escalations;

/// <summary>A team's roster and plans (E1). Small and read often: every raise asks it who is on call.</summary>
public sealed class TeamGrain(
    [PersistentState("team", StorageNames.Records)] IPersistentState<TeamState> stored,
    RecordPublisher publisher,
    TimeProvider time) : Grain, IEscalationTeamGrain
{
    private readonly GuardedState<TeamState> state = new(stored);

    private string Team => this.GetPrimaryKeyString();

    public async Task<Result<IReadOnlyList<RosterMember>>> SetRosterAsync(IReadOnlyList<RosterMember> members, Actor actor)
    {
        var v = new Validation();
        for (var i = 0; i < members.Count; i++)
        {
            v.Identifier($"members[{i}].id", members[i].Id).Required($"members[{i}].name", members[i].Name).Required($"members[{i}].role", members[i].Role, 64);
        }

        if (!members.Any(m => m.OnCall))
        {
            // E1: the team must be reachable at any time; a roster with nobody on call leaves escalations unassigned.
            v.Add("members", "must have at least one member on call (E1)");
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
        await CommitAsync(actor, "set-roster", $"{members.Count} members, {members.Count(m => m.OnCall)} on call");
        var roster = state.State.Roster.ToArray();
        Show(new BoardChange(BoardChange.RosterKind, time.GetUtcNow(), Roster: new TeamRoster(Team, roster)));
        return Result<IReadOnlyList<RosterMember>>.Ok(roster);
    }

    public Task<IReadOnlyList<RosterMember>> GetRosterAsync() => Task.FromResult<IReadOnlyList<RosterMember>>(state.State.Roster.ToArray());

    public Task<string?> NextOnCallAsync(string? after)
    {
        var onCall = state.State.Roster.Where(m => m.OnCall).Select(m => m.Id).ToList();
        if (onCall.Count == 0)
        {
            return Task.FromResult<string?>(null);
        }

        var index = after is null ? -1 : onCall.IndexOf(after);
        return Task.FromResult<string?>(onCall[(index + 1) % onCall.Count]);
    }

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
        if (!state.State.PlanVersions.TryGetValue(incidentType, out var versions))
        {
            // A plan saved before versions were kept starts its list with the version it had.
            versions = previous is null ? [] : [previous];
            state.State.PlanVersions[incidentType] = versions;
        }

        versions.Add(plan);
        await CommitAsync(actor, "save-plan", $"{incidentType} version {version}");
        Show(new BoardChange(BoardChange.PlanKind, time.GetUtcNow(), Plan: plan));
        return Result<EmergencyPlan>.Ok(plan);
    }

    public Task<IReadOnlyList<EmergencyPlan>> ListPlansAsync() =>
        Task.FromResult<IReadOnlyList<EmergencyPlan>>(state.State.Plans.Values.OrderBy(p => p.IncidentType, StringComparer.Ordinal).ToArray());

    public Task<IReadOnlyList<EmergencyPlan>> ListPlanVersionsAsync(string incidentType) =>
        Task.FromResult<IReadOnlyList<EmergencyPlan>>(
            state.State.PlanVersions.TryGetValue(incidentType, out var versions) ? versions.ToArray()
            : state.State.Plans.TryGetValue(incidentType, out var plan) ? [plan]
            : []);

    // As the escalations' own pushes: the record is written and audited already; the live view follows it, and a
    // client that misses a delta sees the gap by its sequence and joins again.
    private void Show(BoardChange change) => _ = GrainFactory.GetGrain<IBoardGrain>(BoardStreams.TeamRecords).PublishAsync(change);

    private async Task CommitAsync(Actor actor, string action, string reason)
    {
        state.State.History.Add(new AuditEntry("team", Team, state.State.History.Count + 1, time.GetUtcNow(), actor, action, null, null, reason, null, null));
        await state.WriteStateAsync(this);
        if (await publisher.PublishAsync(state.State.History, state.State.PublishedSequence, () => Task.CompletedTask, $"team {Team}") is { } sequence)
        {
            state.State.PublishedSequence = sequence;
        }
    }
}
