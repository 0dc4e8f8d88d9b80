namespace FieldService.Escalations;

/// <summary>A team (keyed by name, see <see cref="Teams"/>): its roster of members on call and, for the emergency
/// team, its plans. Escalations themselves are grains of their own (<see cref="IEscalationGrain"/>).</summary>
[Alias("fs.IEscalationTeamGrain")]
public interface IEscalationTeamGrain : IGrainWithStringKey
{
    Task<Result<IReadOnlyList<RosterMember>>> SetRosterAsync(IReadOnlyList<RosterMember> members, Actor actor);

    Task<IReadOnlyList<RosterMember>> GetRosterAsync();

    /// <summary>The member on call after <paramref name="after"/>, round the roster; null when nobody is on call.</summary>
    Task<string?> NextOnCallAsync(string? after);

    Task<Result<EmergencyPlan>> SavePlanAsync(string incidentType, string name, IReadOnlyList<string> steps, Actor actor);

    Task<IReadOnlyList<EmergencyPlan>> ListPlansAsync();

    /// <summary>Every version of the plan for <paramref name="incidentType"/>, oldest first; empty when there is none.</summary>
    Task<IReadOnlyList<EmergencyPlan>> ListPlanVersionsAsync(string incidentType);
}
