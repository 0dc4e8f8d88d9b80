using System.ComponentModel.DataAnnotations;
using FieldService.Escalations;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FieldService.WebHost.Apis;

public sealed record RosterMemberBody(string? Id, string? Name, string? Role, bool? OnCall);

public sealed record RosterRequest([Required] IReadOnlyList<RosterMemberBody?>? Members);

public sealed record PlanRequest(string? Name, IReadOnlyList<string?>? Steps);

/// <summary>Escalations (breaches raised to a team), and the emergency team's roster and plans (E1–E3).</summary>
public static class EscalationsApi
{
    public static RouteGroupBuilder MapEscalationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api").WithTags("Escalations");
        api.MapGet("escalations", ListAsync).WithName("ListEscalations")
            .WithSummary("Escalations of a team (emergency, dispatch-lead, dispatch, cs-lead); open ones only unless all=true");
        api.MapPost("escalations/{id}/ack", AcknowledgeAsync).WithName("AcknowledgeEscalation")
            .WithSummary("Acknowledge an escalation: it stops being raised again");
        api.MapGet("emergency/roster", GetRosterAsync).WithName("GetEmergencyRoster").WithSummary("E1: the emergency team's members and who is on call");
        api.MapPut("emergency/roster", SetRosterAsync).WithName("SetEmergencyRoster").WithSummary("E1: replace the roster");
        api.MapGet("teams/{team}/roster", GetTeamRosterAsync).WithName("GetTeamRoster")
            .WithSummary("A team's members and who is on call: each escalation to the team goes to its next member on call");
        api.MapPut("teams/{team}/roster", SetTeamRosterAsync).WithName("SetTeamRoster").WithSummary("Replace a team's roster");
        api.MapGet("emergency/plans", ListPlansAsync).WithName("ListEmergencyPlans").WithSummary("E1: emergency plans per incident type");
        api.MapGet("emergency/plans/{id}/versions", ListPlanVersionsAsync).WithName("ListEmergencyPlanVersions")
            .WithSummary("E1/E3: every version of the plan for an incident type, oldest first");
        api.MapPut("emergency/plans/{id}", SavePlanAsync).WithName("SaveEmergencyPlan")
            .WithSummary("E1/E3: create or revise the plan for an incident type (each save is a new version)");
        return api;
    }

    private static IEscalationTeamGrain Emergency(IGrainFactory grains) => grains.GetGrain<IEscalationTeamGrain>(Teams.Emergency);

    private static async Task<Results<Ok<IReadOnlyList<Escalation>>, ProblemHttpResult>> ListAsync(string? team, bool? all, IGrainFactory grains)
    {
        var name = Paging.Filter(team) ?? Teams.Emergency;
        return Teams.All.Contains(name)
            ? TypedResults.Ok(await grains.GetGrain<IEscalationDirectoryGrain>(0).ListAsync(name, openOnly: all != true))
            : Problems.From(Failure.Invalid("team", $"must be one of: {string.Join(", ", Teams.All)}"));
    }

    private static async Task<Results<Ok<Escalation>, ProblemHttpResult>> AcknowledgeAsync(string id, HttpContext http, IGrainFactory grains)
    {
        if (Teams.OfEscalation(id) is not { } team || !Validation.IsIdentifier(id))
        {
            return Problems.From(Failure.NotFound($"No escalation {id}."));
        }

        // 403, not 404: these roles list every team's escalations, so the id's existence is no secret from them.
        var actor = Actors.Of(http);
        return Teams.MayAcknowledge(team, actor)
            ? Problems.OkOr(await grains.GetGrain<IEscalationGrain>(id).AcknowledgeAsync(actor))
            : Problems.Forbidden($"Only the {team} team ({Teams.RoleOf[team]}) or a manager may acknowledge escalation {id}.");
    }

    private static async Task<Ok<IReadOnlyList<RosterMember>>> GetRosterAsync(IGrainFactory grains) =>
        TypedResults.Ok(await Emergency(grains).GetRosterAsync());

    private static Task<Results<Ok<IReadOnlyList<RosterMember>>, ProblemHttpResult>> SetRosterAsync(
        RosterRequest? body, HttpContext http, IGrainFactory grains) =>
        ReplaceRosterAsync(Teams.Emergency, body, http, grains);

    private static async Task<Results<Ok<IReadOnlyList<RosterMember>>, ProblemHttpResult>> GetTeamRosterAsync(string team, IGrainFactory grains) =>
        Teams.All.Contains(team)
            ? TypedResults.Ok(await grains.GetGrain<IEscalationTeamGrain>(team).GetRosterAsync())
            : NoTeam(team);

    private static async Task<Results<Ok<IReadOnlyList<RosterMember>>, ProblemHttpResult>> SetTeamRosterAsync(
        string team, RosterRequest? body, HttpContext http, IGrainFactory grains) =>
        Teams.All.Contains(team) ? await ReplaceRosterAsync(team, body, http, grains) : NoTeam(team);

    // The teams are a fixed set (Teams.All): another name is no resource at all.
    private static ProblemHttpResult NoTeam(string team) =>
        Problems.From(Failure.NotFound($"No team {team}; the teams are {string.Join(", ", Teams.All)}."));

    private static async Task<Results<Ok<IReadOnlyList<RosterMember>>, ProblemHttpResult>> ReplaceRosterAsync(
        string team, RosterRequest? body, HttpContext http, IGrainFactory grains)
    {
        if (body is null)
        {
            return Problems.MissingBody();
        }

        if (body.Members is null)
        {
            // A missing list is not "nobody": replacing the roster with it would silently empty the team (E1).
            return Problems.From(Failure.Invalid("members", "is required: the whole roster, with at least one member on call (E1)"));
        }

        var members = body.Members.Select(m => new RosterMember(m?.Id ?? "", m?.Name ?? "", m?.Role ?? "", m?.OnCall ?? false)).ToArray();
        return Problems.OkOr(await grains.GetGrain<IEscalationTeamGrain>(team).SetRosterAsync(members, Actors.Of(http)));
    }

    private static async Task<Ok<IReadOnlyList<EmergencyPlan>>> ListPlansAsync(IGrainFactory grains) =>
        TypedResults.Ok(await Emergency(grains).ListPlansAsync());

    private static async Task<Results<Ok<IReadOnlyList<EmergencyPlan>>, ProblemHttpResult>> ListPlanVersionsAsync(string id, IGrainFactory grains)
    {
        var versions = Validation.IsIdentifier(id) ? await Emergency(grains).ListPlanVersionsAsync(id) : [];
        return versions.Count == 0 ? Problems.From(Failure.NotFound($"No emergency plan for {id}.")) : TypedResults.Ok(versions);
    }

    private static async Task<Results<Ok<EmergencyPlan>, ProblemHttpResult>> SavePlanAsync(
        string id, PlanRequest? body, HttpContext http, IGrainFactory grains)
    {
        if (body is null)
        {
            return Problems.MissingBody();
        }

        var steps = (body.Steps ?? []).Select(s => s ?? "").ToArray();
        return Problems.OkOr(await Emergency(grains).SavePlanAsync(id, body.Name ?? "", steps, Actors.Of(http)));
    }
}
