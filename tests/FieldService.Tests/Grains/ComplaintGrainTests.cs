using FieldService.Complaints;
using FieldService.Tests.Infrastructure;
using FieldService.WorkOrders;

namespace FieldService.Tests.Grains;

/// <summary>P9 on the grains: the entry point the work order's callback uses to open a complaint.</summary>
public sealed class ComplaintGrainTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static readonly Actor Agent = new("agent-1", Roles.Agent);

    [Fact]
    public async Task P9_a_complaint_from_the_callback_is_opened_once_however_often_the_callback_repeats()
    {
        var order = Guid.NewGuid().ToString();
        Assert.True((await fixture.Grains.GetGrain<IWorkOrderGrain>(order).ReportAsync(Intakes.Fault(), Agent)).Succeeded);
        var id = ComplaintIds.FromCallback(order);
        var complaint = fixture.Grains.GetGrain<IComplaintGrain>(id);
        var opening = new ComplaintOpening(order, ComplaintCategory.Other, "The unit is noisy since the repair.");

        var first = await complaint.OpenAsync(opening, Actor.System);
        var again = await complaint.OpenAsync(opening, Actor.System);
        var elsewhere = await fixture.Grains.GetGrain<IComplaintGrain>(ComplaintIds.FromCallback("missing-" + order)).OpenAsync(
            opening with { WorkOrderId = "missing-" + order }, Actor.System);

        Assert.Equal((ComplaintStatus.Opened, 1L), (first.Value!.Status, first.Value.Version));
        Assert.Equal(first.Value, again.Value);
        Assert.Single(await complaint.GetHistoryAsync());
        Assert.Equal(FailureKind.NotFound, elsewhere.Failure!.Kind);
        var listed = await fixture.Grains.GetGrain<IComplaintDirectoryGrain>(0).ListAsync(new ComplaintQuery(null, order, null, null, 1, 10));
        Assert.Equal([id], listed.Items.Select(c => c.Id));
        await fixture.Audit.WaitForAsync(e => e.SubjectId == id && e.Action == "complaint-opened", $"complaint {id} opened in the audit trail");
        Assert.Single(fixture.Audit.Where(e => e.SubjectId == id));
    }
}
