namespace FieldService.Escalations;

/// <summary>One team's escalation inbox (keyed by team name, see <see cref="Teams"/>); the emergency team also keeps
/// its roster and plans. Unacknowledged escalations are raised again to the next member on call.</summary>
[Alias("fs.IEscalationTeamGrain")]
public interface IEscalationTeamGrain : IGrainWithStringKey
{
    /// <summary>Raises an escalation; raising again with the same <paramref name="key"/> returns the first one.</summary>
    Task<Escalation> RaiseAsync(string key, string workOrderId, string clause, string reason);

    Task<Result<Escalation>> AcknowledgeAsync(string escalationId, Actor actor);

    Task<IReadOnlyList<Escalation>> ListAsync(bool openOnly);

    Task<Result<IReadOnlyList<RosterMember>>> SetRosterAsync(IReadOnlyList<RosterMember> members, Actor actor);

    Task<IReadOnlyList<RosterMember>> GetRosterAsync();

    Task<Result<EmergencyPlan>> SavePlanAsync(string incidentType, string name, IReadOnlyList<string> steps, Actor actor);

    Task<IReadOnlyList<EmergencyPlan>> ListPlansAsync();
}
