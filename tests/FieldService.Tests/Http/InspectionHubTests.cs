using System.Net;
using FieldService.Boards;
using FieldService.Quality;
using FieldService.Tests.Infrastructure;
using FieldService.WorkOrders;

namespace FieldService.Tests.Http;

/// <summary>Issue 15.1: the inspectors' queue as a live stream (<c>/hubs/inspection</c>): a snapshot of the repairs
/// waiting with why each was chosen and the standard version their self-check answered, then each change — a failure
/// moving the repair to rework with what to rework and the Q4 clock, the rework completed and back for re-inspection,
/// the pass taking it out — and every decided completion (the tallies moved). Closed to roles without the queue.</summary>
public class InspectionHubTests : HostedTests
{
    private ApiClient staff = null!;
    private ApiClient inspector = null!;

    protected override async Task StartAsync()
    {
        staff = await Factory.Personas.AsAsync("ops-1", Roles.Agent + "+" + Roles.Dispatcher + "+" + Roles.Manager);
        inspector = await Factory.Personas.AsAsync("inspector-1", Roles.Inspector);
    }

    /// <summary>A repair by a technician of the region, completed with its self-check: awaiting inspection (sampling is
    /// pinned to Always in the test hosts).</summary>
    private async Task<(string Id, ApiClient Technician)> CompletedAsync(string region, bool critical = false)
    {
        await staff.PutAsync($"/api/technicians/t-{region}", Intakes.Technician(region), HttpStatusCode.Created);
        var body = Intakes.Body(region);
        body["product"]!["critical"] = critical;
        var (id, technician) = await Walks.InRepairAsync(Factory.Personas, staff, $"t-{region}", body);
        await technician.PostAsync($"/api/work-orders/{id}/complete", Checks.CompleteBody("cooling restored"));
        return (id, technician);
    }

    /// <summary>An inspection body failing the general standard's first item with its note, and what to rework.</summary>
    private static object FailBody(string itemNote, string notes) =>
        new { results = Checks.Fail(itemNote).Results.Select(r => new { itemId = r.ItemId, passed = r.Passed, note = r.Note }), notes };

    [Fact]
    public async Task Q3_the_queue_snapshot_says_why_each_repair_waits_and_against_which_standard_version()
    {
        var (sampled, _) = await CompletedAsync("insp-snap");
        await Factory.AdvanceAsync(TimeSpan.FromMinutes(1)); // so that "oldest completion first" has an order to show
        var (critical, _) = await CompletedAsync("insp-crit", critical: true);
        await using var queue = await BoardClient.ConnectAsync(Factory, "/hubs/inspection", inspector);

        var joined = await queue.InvokeJoinAsync("Join", null, null);

        var cards = joined.Snapshot!.Inspections!;
        Assert.Equal([sampled, critical], cards.Select(c => c.Id));
        Assert.All(cards, c => Assert.Equal((InspectionStage.Waiting, "general", 1), (c.Stage, c.StandardCategory, c.StandardVersion)));
        Assert.Equal(InspectionReason.Sampled, cards[0].Requirement!.Reason);
        Assert.Equal(InspectionReason.Critical, cards[1].Requirement!.Reason);
        Assert.True(cards[1].Critical);
        Assert.False(string.IsNullOrWhiteSpace(cards[0].Requirement!.Explanation));
    }

    [Fact]
    public async Task Q4_a_failed_inspection_moves_the_repair_to_rework_with_its_clock_and_the_re_inspection_back_to_the_queue()
    {
        var (id, technician) = await CompletedAsync("insp-live");
        await using var queue = await BoardClient.ConnectAsync(Factory, "/hubs/inspection", inspector);
        var joined = await queue.InvokeJoinAsync("Join", null, null);
        Assert.Equal([id], joined.Snapshot!.Inspections!.Select(c => c.Id));

        await inspector.PostAsync($"/api/work-orders/{id}/inspection", FailBody("seal leaks", "replace the door seal"));
        var rework = (await queue.NextAsync(d => d.Change.Inspection is { Stage: InspectionStage.Rework } c && c.Id == id, $"{id} in rework")).Change.Inspection!;
        Assert.Equal(("replace the door seal", WorkOrderStatus.InRepair), (rework.ReworkNotes, rework.Status));
        Assert.Equal(("Q4", true), (rework.ReworkClock!.Clause, rework.ReworkClock.IsRunning));
        Assert.Equal(TimeSpan.FromHours(24), rework.ReworkClock.DueAt - rework.ReworkClock.StartedAt);

        // A host joining now sees the rework in its snapshot.
        await using var late = await BoardClient.ConnectAsync(Factory, "/hubs/inspection", await Factory.Personas.AsAsync("manager-2", Roles.Manager));
        Assert.Equal(InspectionStage.Rework, (await late.InvokeJoinAsync("Join", null, null)).Snapshot!.Inspections!.Single(c => c.Id == id).Stage);

        await technician.PostAsync($"/api/work-orders/{id}/complete", Checks.CompleteBody("seal replaced"));
        var again = (await queue.NextAsync(d => d.Change.Inspection is { Stage: InspectionStage.Waiting } c && c.Id == id, $"{id} back for re-inspection")).Change.Inspection!;
        Assert.Equal(InspectionReason.ReInspection, again.Requirement!.Reason);
        Assert.Equal(1, again.Inspections);
        Assert.NotNull(again.ReworkClock!.MetAt);

        await inspector.PostAsync($"/api/work-orders/{id}/inspection", Checks.PassBody());
        var done = (await queue.NextAsync(d => d.Change.Inspection is { Stage: InspectionStage.Done } c && c.Id == id, $"{id} passed, out of the queue")).Change.Inspection!;
        Assert.Equal(WorkOrderStatus.Completed, done.Status);
        Assert.Empty((await late.InvokeJoinAsync("Join", null, null)).Snapshot!.Inspections!);
    }

    [Fact]
    public async Task Q4_a_rework_that_runs_out_of_time_is_pushed_with_its_clock_breached()
    {
        var (id, _) = await CompletedAsync("insp-late");
        await using var queue = await BoardClient.ConnectAsync(Factory, "/hubs/inspection", inspector);
        await queue.InvokeJoinAsync("Join", null, null);
        await inspector.PostAsync($"/api/work-orders/{id}/inspection", FailBody("no earth", "fit the earth strap"));
        await queue.NextAsync(d => d.Change.Inspection is { Stage: InspectionStage.Rework } c && c.Id == id, $"{id} in rework");
        await Factory.ClocksArmedAsync(id, $"the Q4 rework clock of {id} armed");

        await Factory.AdvanceAsync(TimeSpan.FromHours(25));

        var late = await queue.NextAsync(d => d.Change.Inspection is { ReworkClock.BreachedAt: not null } c && c.Id == id,
            $"the Q4 breach of {id} on the inspection stream", TimeSpan.FromSeconds(20));
        Assert.Equal((InspectionStage.Rework, "fit the earth strap"), (late.Change.Inspection!.Stage, late.Change.Inspection.ReworkNotes));
    }

    [Fact]
    public async Task Q3_each_delta_is_numbered_after_the_join_and_unrelated_steps_publish_nothing()
    {
        await using var queue = await BoardClient.ConnectAsync(Factory, "/hubs/inspection", inspector);
        var joined = await queue.InvokeJoinAsync("Join", null, null);
        var (id, _) = await CompletedAsync("insp-seq");

        // Reporting, dispatching and the repair steps are no news to inspectors: the first delta is the completion.
        var first = await queue.NextAsync(_ => true, "the first delta on the inspection stream");
        Assert.Equal((joined.Epoch, joined.Sequence + 1, id, InspectionStage.Waiting), (first.Epoch, first.Sequence, first.Change.Inspection!.Id, first.Change.Inspection.Stage));
        Assert.Equal(BoardChange.InspectionKind, first.Change.Kind);
    }

    [Theory]
    [InlineData(Roles.Technician)]
    [InlineData(Roles.Agent)]
    [InlineData(Roles.Dispatcher)]
    [InlineData(Roles.Customer)]
    public async Task Q3_the_inspection_stream_is_closed_to_roles_without_the_queue(string role)
    {
        var caller = await Factory.Personas.AsAsync($"{role}-1", role, technicianId: role == Roles.Technician ? "t-1" : null, customerId: role == Roles.Customer ? "c-1" : null);

        var refused = await Assert.ThrowsAnyAsync<HttpRequestException>(() => BoardClient.ConnectAsync(Factory, "/hubs/inspection", caller));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }
}
