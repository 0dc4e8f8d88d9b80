using System.Net;
using FieldService.Escalations;
using FieldService.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;

namespace FieldService.Tests.Http;

/// <summary>Issue 15.5: every escalation team's roster over REST (<c>/api/teams/{team}/roster</c>), kept by admins and
/// managers: an escalation to the team goes to the member on call it names; an unknown team is no resource; a roster
/// with nobody on call is refused and changes nothing. The emergency plans keep every version.</summary>
public class TeamsApiTests : HostedTests
{
    private static object Roster(params (string Id, bool OnCall)[] members) =>
        new { members = members.Select(m => new { id = m.Id, name = $"Member {m.Id}", role = "dispatcher", onCall = m.OnCall }).ToArray() };

    [Fact]
    public async Task P3_a_breach_escalated_to_dispatch_goes_to_the_member_on_call_that_the_admin_set_on_its_roster()
    {
        var admin = await Factory.Personas.AsAsync("admin-1", Roles.Admin);
        var saved = await admin.PutAsync("/api/teams/dispatch/roster", Roster(("d-1", false), ("d-7", true)));
        Assert.Equal(["d-1", "d-7"], saved["items"]!.AsArray().Select(m => (string?)m!["id"]));
        var read = await (await Factory.Personas.DispatcherAsync()).GetAsync("/api/teams/dispatch/roster");
        Assert.Equal(saved.ToJsonString(), read.ToJsonString());

        var staff = await Factory.Personas.OperatorAsync();
        await staff.PutAsync("/api/technicians/t-roster", Intakes.Technician(), HttpStatusCode.Created);
        var id = await staff.ReportAsync();
        await staff.PostAsync($"/api/work-orders/{id}/triage", new { onSite = true });
        await staff.PostAsync($"/api/work-orders/{id}/dispatch", new { technicianId = "t-roster" });
        await Factory.AdvanceAsync(TimeSpan.FromMinutes(16));
        await Factory.Audit.WaitForAsync(e => e.SubjectType == "escalation" && e.Action == "raise" && e.WorkOrderId == id, $"the P3 escalation of {id}");

        var escalations = (await staff.GetAsync("/api/escalations?team=dispatch"))["items"]!.AsArray();
        Assert.Equal("d-7", (string?)escalations.Single(e => (string?)e!["workOrderId"] == id)!["assignedTo"]);
    }

    [Fact]
    public async Task E1_a_team_roster_with_nobody_on_call_is_refused_and_an_unknown_team_is_not_found()
    {
        var manager = await Factory.Personas.AsAsync("manager-1", Roles.Manager);
        await manager.PutAsync("/api/teams/stores/roster", Roster(("s-1", true)));

        var refused = await manager.PutAsync("/api/teams/stores/roster", Roster(("s-1", false), ("s-2", false)), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("on call", refused["errors"]!["members"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(["s-1"], (await manager.GetAsync("/api/teams/stores/roster"))["items"]!.AsArray().Select(m => (string?)m!["id"]));

        await manager.GetAsync("/api/teams/nobody/roster", HttpStatusCode.NotFound);
        await manager.PutAsync("/api/teams/nobody/roster", Roster(("s-1", true)), HttpStatusCode.NotFound);

        // The emergency team's roster is the same record under either address.
        await manager.PutAsync("/api/teams/emergency/roster", Roster(("em-3", true)));
        Assert.Equal("em-3", (string?)(await manager.GetAsync("/api/emergency/roster"))["items"]![0]!["id"]);
    }

    [Fact]
    public async Task E1_every_version_of_an_emergency_plan_is_kept_oldest_first_and_a_refused_save_adds_none()
    {
        var admin = await Factory.Personas.AsAsync("admin-1", Roles.Admin);
        await admin.PutAsync("/api/emergency/plans/flood", new { name = "Flood", steps = new[] { "secure the site" } });
        await admin.PutAsync("/api/emergency/plans/flood", new { name = "Flood", steps = Array.Empty<string>() }, HttpStatusCode.UnprocessableEntity);
        var manager = await Factory.Personas.AsAsync("manager-1", Roles.Manager);
        await manager.PutAsync("/api/emergency/plans/flood", new { name = "Flood", steps = new[] { "secure the site", "pump out" } });

        var versions = (await (await Factory.Personas.DispatcherAsync()).GetAsync("/api/emergency/plans/flood/versions"))["items"]!.AsArray();
        Assert.Equal([(1, "admin-1", 1), (2, "manager-1", 2)],
            versions.Select(v => ((int)v!["version"]!, (string?)v["updatedBy"], v["steps"]!.AsArray().Count)));
        var current = (await admin.GetAsync("/api/emergency/plans"))["items"]!.AsArray().Single(p => (string?)p!["incidentType"] == "flood")!;
        Assert.Equal(2, (int)current["version"]!);

        await admin.GetAsync("/api/emergency/plans/drought/versions", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task E1_the_teams_stream_starts_from_every_roster_and_plan_pushes_each_save_and_is_closed_to_storekeepers()
    {
        var admin = await Factory.Personas.AsAsync("admin-1", Roles.Admin);
        await admin.PutAsync("/api/teams/support/roster", Roster(("ts-1", true)));
        await using var board = await BoardClient.ConnectAsync(Factory, "/hubs/dispatch", admin);
        var joined = await board.InvokeJoinAsync("JoinTeams", null, null);
        Assert.Equal(Teams.All, joined.Snapshot!.Rosters!.Select(r => r.Team));
        Assert.Equal(["ts-1"], joined.Snapshot.Rosters!.Single(r => r.Team == "support").Members.Select(m => m.Id));

        await (await Factory.Personas.AsAsync("manager-1", Roles.Manager)).PutAsync("/api/teams/cs-lead/roster", Roster(("cs-9", true)));
        var roster = await board.NextAsync(d => d.Change.Roster?.Team == "cs-lead", "the cs-lead roster pushed");
        Assert.Equal("cs-9", roster.Change.Roster!.Members.Single().Id);
        await admin.PutAsync("/api/emergency/plans/gas-leak", new { name = "Gas leak", steps = new[] { "evacuate" } });
        var plan = await board.NextAsync(d => d.Change.Plan?.IncidentType == "gas-leak", "the gas-leak plan pushed");
        Assert.Equal(1, plan.Change.Plan!.Version);

        // Storekeepers watch the dispatch hub for stock, but may not read the teams' rosters.
        await using var stores = await BoardClient.ConnectAsync(Factory, "/hubs/dispatch", await Factory.Personas.AsAsync("sk-1", Roles.Storekeeper));
        var refused = await Assert.ThrowsAsync<HubException>(() => stores.InvokeJoinAsync("JoinTeams", null, null));
        Assert.Contains("Forbidden", refused.Message, StringComparison.Ordinal);
    }
}
