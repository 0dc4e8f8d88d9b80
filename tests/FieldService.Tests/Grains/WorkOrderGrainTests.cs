using FieldService.Audit;
using FieldService.Technicians;
using FieldService.Tests.Infrastructure;
using FieldService.WorkOrders;

namespace FieldService.Tests.Grains;

public sealed class WorkOrderGrainTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static readonly Actor Agent = GrainSetups.Agent;
    private static readonly Actor Dispatcher = GrainSetups.Dispatcher;

    private IGrainFactory Grains => fixture.Grains;

    private static string NewId() => Guid.NewGuid().ToString();

    private Task<string> RegisterTechnicianAsync(int capacity = 2) => GrainSetups.RegisterTechnicianAsync(Grains, capacity);

    private Task<IWorkOrderGrain> TriagedOrderAsync() => GrainSetups.TriagedOrderAsync(Grains);

    /// <summary>Records holding lists compare by reference; their JSON compares by value.</summary>
    private static string Json(WorkOrder? order) => System.Text.Json.JsonSerializer.Serialize(order, FieldServiceJson.Options);

    private async Task<Technician> TechnicianAsync(string id) => (await Grains.GetGrain<ITechnicianGrain>(id).GetAsync())!;

    [Fact]
    public async Task P1_a_retried_intake_returns_the_order_it_created()
    {
        var grain = Grains.GetGrain<IWorkOrderGrain>(NewId());

        var first = await grain.ReportAsync(Intakes.Fault(), Agent);
        var retry = await grain.ReportAsync(Intakes.Fault(), Agent);

        Assert.Equal(Json(first.Value), Json(retry.Value));
        Assert.Single(await grain.GetHistoryAsync());
    }

    [Fact]
    public async Task P1_an_order_id_cannot_be_reused_for_a_different_intake()
    {
        var grain = Grains.GetGrain<IWorkOrderGrain>(NewId());
        await grain.ReportAsync(Intakes.Fault(), Agent);

        var other = await grain.ReportAsync(Intakes.Fault(region: "south"), Agent);

        Assert.Equal(FailureKind.Invalid, other.Failure!.Kind);
        Assert.Equal("north", (await grain.GetAsync())!.Region);
    }

    [Fact]
    public async Task P2_dispatch_to_an_unregistered_technician_names_the_field_and_changes_nothing()
    {
        var order = await TriagedOrderAsync();

        var result = await order.ExecuteAsync(new Dispatch("t-nobody"), Dispatcher);

        Assert.Contains("technicianId", result.Failure!.Errors!.Keys);
        Assert.Equal(WorkOrderStatus.Triaged, (await order.GetAsync())!.Status);
    }

    [Fact]
    public async Task P2_a_dispatched_order_counts_in_the_technicians_load_until_clean_up()
    {
        var technicianId = await RegisterTechnicianAsync();
        var order = await TriagedOrderAsync();
        var orderId = order.GetPrimaryKeyString();

        await order.ExecuteAsync(new Dispatch(technicianId), Dispatcher);
        var loaded = await TechnicianAsync(technicianId);
        var technician = new Actor("user-" + technicianId, Roles.Technician, TechnicianId: technicianId);
        foreach (var step in new WorkOrderCommand[]
                 {
                     new Accept(), new StartTravel(null), new Arrive(), new Diagnose("relay", false, null), new StartRepair(),
                     Checks.Complete(), new RecordAcceptance("Ms Chen", "data:,x"), new CleanUp(),
                 })
        {
            Assert.True((await order.ExecuteAsync(step, technician)).Succeeded, step.GetType().Name);
            if (step is Complete)
            {
                // Sampling is pinned to Always: every completion waits for its inspection.
                await Checks.HandOverAsync(order);
            }
        }

        Assert.Equal([orderId], loaded.Assignments);
        Assert.Empty((await TechnicianAsync(technicianId)).Assignments);
    }

    [Fact]
    public async Task P2_a_technician_at_capacity_refuses_and_the_order_stays_triaged()
    {
        var technicianId = await RegisterTechnicianAsync(capacity: 1);
        var first = await TriagedOrderAsync();
        var second = await TriagedOrderAsync();
        await first.ExecuteAsync(new Dispatch(technicianId), Dispatcher);

        var refused = await second.ExecuteAsync(new Dispatch(technicianId), Dispatcher);

        Assert.Equal((FailureKind.Conflict, "busy"), (refused.Failure!.Kind, refused.Failure.CurrentStatus));
        Assert.Equal(WorkOrderStatus.Triaged, (await second.GetAsync())!.Status);
        Assert.Single((await TechnicianAsync(technicianId)).Assignments);
    }

    [Fact]
    public async Task P3_a_decline_frees_the_technician()
    {
        var technicianId = await RegisterTechnicianAsync();
        var order = await TriagedOrderAsync();
        await order.ExecuteAsync(new Dispatch(technicianId), Dispatcher);

        await order.ExecuteAsync(new DeclineOffer("no refrigerant on the van"), new Actor("u", Roles.Technician, TechnicianId: technicianId));

        Assert.Empty((await TechnicianAsync(technicianId)).Assignments);
    }

    [Fact]
    public async Task Cancelling_an_assigned_order_frees_the_technician()
    {
        var technicianId = await RegisterTechnicianAsync();
        var order = await TriagedOrderAsync();
        await order.ExecuteAsync(new Dispatch(technicianId), Dispatcher);
        await order.ExecuteAsync(new Accept(), new Actor("u", Roles.Technician, TechnicianId: technicianId));

        await order.ExecuteAsync(new Cancel("customer withdrew"), Agent);

        Assert.Empty((await TechnicianAsync(technicianId)).Assignments);
    }

    [Fact]
    public async Task S1_every_change_reaches_the_audit_trail_and_the_index()
    {
        var technicianId = await RegisterTechnicianAsync();
        var order = await TriagedOrderAsync();
        var orderId = order.GetPrimaryKeyString();
        await order.ExecuteAsync(new Dispatch(technicianId), Dispatcher);

        var audit = await Grains.GetGrain<IAuditTrailGrain>(0).QueryAsync(new AuditQuery(null, null, orderId, null, 1, 100));
        var listed = await Grains.GetGrain<IWorkOrderDirectoryGrain>(0).ListAsync(new WorkOrderQuery(null, null, technicianId, 1, 10));

        Assert.Equal(["report", "triage", "dispatch", "assign"],
            audit.Items.OrderBy(e => e.SubjectType == "technician").ThenBy(e => e.Sequence).Select(e => e.Action));
        Assert.Equal(Dispatcher, audit.Items.Single(e => e.Action == "dispatch").Actor);
        var line = Assert.Single(listed.Items);
        Assert.Equal((orderId, WorkOrderStatus.Dispatched, 3L), (line.Id, line.Status, line.Version));
    }

    [Fact]
    public async Task A_refused_step_changes_nothing()
    {
        var order = await TriagedOrderAsync();
        var before = await order.GetAsync();

        var refused = await order.ExecuteAsync(new StartRepair(), Actor.System);

        Assert.Equal("triaged", refused.Failure!.CurrentStatus);
        Assert.Equal(Json(before), Json(await order.GetAsync()));
        Assert.Equal(2, (await order.GetHistoryAsync()).Count);
    }
}
