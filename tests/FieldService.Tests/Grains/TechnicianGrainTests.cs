using FieldService.Technicians;
using FieldService.Tests.Infrastructure;

namespace FieldService.Tests.Grains;

public sealed class TechnicianGrainTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static readonly Actor Dispatcher = new("disp-1", "dispatcher");

    private static TechnicianProfile Profile(string region = "east", int capacity = 2) =>
        new("Wang Fang", region, [new Skill("electrical", 5)], new GeoPoint(31.33, 121.58), capacity, new Shift(new(12, 0), new(21, 0)));

    private ITechnicianGrain NewTechnician() => fixture.Grains.GetGrain<ITechnicianGrain>("t-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task H1_registering_starts_available_at_home_and_is_listed_in_the_region()
    {
        var grain = NewTechnician();
        var region = "r" + Guid.NewGuid().ToString("N")[..6];

        var technician = (await grain.SaveProfileAsync(Profile(region), Dispatcher)).Value!;
        var listed = await fixture.Grains.GetGrain<ITechnicianDirectoryGrain>(0).ListAsync(region);

        Assert.Equal((TechnicianStatus.Available, Profile().Home, 0), (technician.Status, technician.Location, technician.Load));
        Assert.Equal(technician.Id, Assert.Single(listed).Id);
    }

    [Fact]
    public async Task H1_updating_the_profile_keeps_status_and_assignments()
    {
        var grain = NewTechnician();
        await grain.SaveProfileAsync(Profile(), Dispatcher);
        await grain.AssignAsync("wo-1", Dispatcher);
        await grain.SetStatusAsync(TechnicianStatus.OffShift, "end of shift", Dispatcher);

        var updated = (await grain.SaveProfileAsync(Profile(capacity: 3), Dispatcher)).Value!;

        Assert.Equal((3, TechnicianStatus.OffShift), (updated.Profile.Capacity, updated.Status));
        Assert.Equal(["wo-1"], updated.Assignments);
    }

    [Fact]
    public async Task P2_assigning_the_same_order_twice_counts_it_once()
    {
        var grain = NewTechnician();
        await grain.SaveProfileAsync(Profile(), Dispatcher);

        await grain.AssignAsync("wo-1", Dispatcher);
        var again = await grain.AssignAsync("wo-1", Dispatcher);

        Assert.Equal(1, again.Value!.Load);
    }

    [Fact]
    public async Task P2_a_batched_take_answers_each_order_as_single_takes_would_and_audits_each_one_taken()
    {
        var grain = NewTechnician();
        var id = grain.GetPrimaryKeyString();
        await grain.SaveProfileAsync(Profile(capacity: 3), Dispatcher);
        await grain.AssignAsync("wo-held", Dispatcher);

        var answers = await grain.AssignManyAsync(["wo-held", "wo-b", "wo-c", "wo-d"], Dispatcher);

        Assert.Equal([true, true, true, false], answers.Select(a => a.Succeeded));
        Assert.Contains("at capacity (3/3)", answers[3].Failure!.Message);
        Assert.Equal(["wo-held", "wo-b", "wo-c"], (await grain.GetAsync())!.Assignments);
        await fixture.Audit.WaitForAsync(e => e.SubjectId == id && e.WorkOrderId == "wo-c", $"the assign entry of wo-c on {id}");
        var assigns = fixture.Audit.Where(e => e.SubjectId == id && e.Action == "assign");
        // One entry per order taken (the one already held is not counted twice), each naming its order, in sequence.
        Assert.Equal(["wo-held", "wo-b", "wo-c"], assigns.OrderBy(e => e.Sequence).Select(e => e.WorkOrderId));
        Assert.Equal(assigns.Min(e => e.Sequence) + 2, assigns.Max(e => e.Sequence));
    }

    [Fact]
    public async Task P2_orders_taken_in_one_batch_whose_offers_never_came_are_given_back_by_reconciliation()
    {
        // What a dispatcher's process dying between the batched take and the offers leaves behind.
        var grain = NewTechnician();
        var id = grain.GetPrimaryKeyString();
        await grain.SaveProfileAsync(Profile(capacity: 3), Dispatcher);
        var never = new[] { "wo-never-" + Guid.NewGuid().ToString("N")[..6], "wo-never-" + Guid.NewGuid().ToString("N")[..6] };
        Assert.All(await grain.AssignManyAsync(never, Actor.System), a => Assert.True(a.Succeeded));
        Assert.Empty(await grain.ReconcileAsync()); // within the grace period the offers may still be on their way

        await fixture.AdvanceAsync(FieldService.Grains.Technicians.TechnicianGrain.ReconcileEvery + TimeSpan.FromSeconds(1));
        foreach (var workOrderId in never)
        {
            await fixture.Audit.WaitForAsync(e => e.SubjectId == id && e.Action == "reconcile" && e.WorkOrderId == workOrderId, $"{id} giving back {workOrderId}");
        }

        Assert.Empty((await grain.GetAsync())!.Assignments);
    }

    [Fact]
    public async Task P2_a_technician_on_leave_takes_no_order()
    {
        var grain = NewTechnician();
        await grain.SaveProfileAsync(Profile(), Dispatcher);
        await grain.SetStatusAsync(TechnicianStatus.OnLeave, "annual leave", Dispatcher);

        var refused = await grain.AssignAsync("wo-1", Dispatcher);

        Assert.Equal("on-leave", refused.Failure!.CurrentStatus);
    }

    [Fact]
    public async Task The_position_is_updated_and_validated()
    {
        var grain = NewTechnician();
        await grain.SaveProfileAsync(Profile(), Dispatcher);
        await fixture.AdvanceAsync(TimeSpan.FromMinutes(1));

        var moved = (await grain.ReportLocationAsync(new GeoPoint(31.2, 121.4))).Value!;
        var invalid = await grain.ReportLocationAsync(new GeoPoint(95, 0));

        Assert.Equal((new GeoPoint(31.2, 121.4), fixture.Time.GetUtcNow()), (moved.Location, moved.LocationAt));
        Assert.Contains("location.lat", invalid.Failure!.Errors!.Keys);
    }

    [Fact]
    public async Task An_unknown_technician_is_not_found()
    {
        var result = await NewTechnician().SetStatusAsync(TechnicianStatus.Available, null, Dispatcher);

        Assert.Equal(FailureKind.NotFound, result.Failure!.Kind);
    }
}
