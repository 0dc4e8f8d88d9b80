using FieldService.Technicians;
using FieldService.Tests.Infrastructure;
using FieldService.WorkOrders;

namespace FieldService.Tests.Grains;

/// <summary>
/// Issue 13.3: the queries the web host used to assemble itself (the P9 callback queue, a board's snapshot, the
/// scoped listing) are answered by the work-order directory in one call, with the actor as a parameter. Each test
/// works in a region of its own, so orders of the class's other tests never show.
/// </summary>
public sealed class DirectoryQueryTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static readonly Actor Agent = new("agent-1", Roles.Agent);
    private static readonly Actor Dispatcher = new("disp-1", Roles.Dispatcher);

    private readonly string region = "q-" + Guid.NewGuid().ToString("N")[..10];

    private IWorkOrderDirectoryGrain Directory => fixture.Grains.GetGrain<IWorkOrderDirectoryGrain>(0);

    private static Actor TechnicianActor(string id) => new("user-" + id, Roles.Technician, TechnicianId: id);

    private static Actor CustomerActor(string id) => new("user-" + id, Roles.Customer, CustomerId: id);

    private async Task<string> TechnicianAsync()
    {
        var id = "t-" + Guid.NewGuid().ToString("N")[..8];
        var profile = new TechnicianProfile("Li Wei", region, [new Skill("hvac", 4)], new GeoPoint(31.3, 121.5), 3, null);
        await fixture.Grains.GetGrain<ITechnicianGrain>(id).SaveProfileAsync(profile, Dispatcher);
        return id;
    }

    /// <summary>Reported for <paramref name="customerId"/> and, with a technician, dispatched to them.</summary>
    private async Task<IWorkOrderGrain> OrderAsync(string customerId, string? technicianId)
    {
        var order = fixture.Grains.GetGrain<IWorkOrderGrain>(Guid.NewGuid().ToString());
        var reported = await order.ReportAsync(Intakes.Fault(region) with { CustomerId = customerId }, Agent);
        Assert.True(reported.Succeeded, reported.Failure?.Message);
        if (technicianId is not null)
        {
            await Step(order, new Triage(true, null), Agent);
            await Step(order, new Dispatch(technicianId), Dispatcher);
        }

        return order;
    }

    /// <summary>Walked by its technician to completion (and through inspection when sampled): its P9 clock runs.</summary>
    private async Task<IWorkOrderGrain> CompletedAsync(string customerId, string technicianId)
    {
        var order = await OrderAsync(customerId, technicianId);
        foreach (var step in new WorkOrderCommand[] { new Accept(), new StartTravel(null), new Arrive(), new Diagnose("relay", false, null), new StartRepair(), Checks.Complete() })
        {
            await Step(order, step, TechnicianActor(technicianId));
        }

        await Checks.HandOverAsync(order);
        return order;
    }

    private static async Task Step(IWorkOrderGrain order, WorkOrderCommand command, Actor actor)
    {
        var result = await order.ExecuteAsync(command, actor);
        Assert.True(result.Succeeded, $"{command.GetType().Name}: {result.Failure?.Message}");
    }

    private static string Id(IWorkOrderGrain order) => order.GetPrimaryKeyString();

    [Fact]
    public async Task P9_the_callback_queue_is_ordered_by_the_24_hour_clock_and_scoped_to_the_actor()
    {
        var (first, second) = (await TechnicianAsync(), await TechnicianAsync());
        var earlier = await CompletedAsync("cust-a", first);
        await fixture.AdvanceAsync(TimeSpan.FromHours(1));
        var later = await CompletedAsync("cust-b", second);
        var notYetDone = await OrderAsync("cust-a", null);

        var queue = await Directory.CallbackQueueAsync(region, Agent);

        Assert.Equal([Id(earlier), Id(later)], queue.Select(c => c.WorkOrderId));
        Assert.Equal(TimeSpan.FromHours(1), queue[1].DueAt - queue[0].DueAt);
        Assert.Equal(TimeSpan.FromHours(24), queue[0].DueAt - (await earlier.GetAsync())!.CompletedAt);
        Assert.All(queue, c => Assert.False(c.Overdue));
        Assert.DoesNotContain(Id(notYetDone), queue.Select(c => c.WorkOrderId));
        Assert.All(queue, c => Assert.Equal("+86 21 5555 0101", c.CustomerPhone));

        // Scoped callers see only their own line.
        Assert.Equal([Id(earlier)], (await Directory.CallbackQueueAsync(region, CustomerActor("cust-a"))).Select(c => c.WorkOrderId));
        Assert.Equal([Id(later)], (await Directory.CallbackQueueAsync(region, TechnicianActor(second))).Select(c => c.WorkOrderId));
        Assert.Empty(await Directory.CallbackQueueAsync(region, CustomerActor("cust-nobody")));

        // Past the first order's 24 hours it is overdue and stays first; the second is not due yet.
        await fixture.AdvanceAsync(TimeSpan.FromHours(23) + TimeSpan.FromMinutes(30));
        var overdue = await Directory.CallbackQueueAsync(region, Agent);
        Assert.Equal([(Id(earlier), true), (Id(later), false)], overdue.Select(c => (c.WorkOrderId, c.Overdue)));
    }

    [Fact]
    public async Task P13_3_a_board_snapshot_is_one_call_with_the_open_cards_of_a_region_or_a_technician()
    {
        var (mine, other) = (await TechnicianAsync(), await TechnicianAsync());
        var assigned = await OrderAsync("cust-a", mine);
        var elsewhere = await OrderAsync("cust-b", other);
        var waiting = await OrderAsync("cust-c", null);
        var cancelled = await OrderAsync("cust-d", null);
        await Step(cancelled, new Cancel("duplicate report"), Agent);

        var board = await Directory.OpenCardsAsync(region, null, Dispatcher);
        var technicianBoard = await Directory.OpenCardsAsync(null, mine, TechnicianActor(mine));

        Assert.Equal(new[] { Id(assigned), Id(elsewhere), Id(waiting) }.Order(), board.Select(c => c.Id).Order());
        Assert.Equal([Id(assigned)], technicianBoard.Select(c => c.Id));
        Assert.Equal((await assigned.GetAsync())!.Version, technicianBoard[0].Version);
        // A technician asking for another technician's board gets their own orders only, none of the other's.
        Assert.DoesNotContain(Id(elsewhere), (await Directory.OpenCardsAsync(null, other, TechnicianActor(mine))).Select(c => c.Id));
    }

    [Fact]
    public async Task P13_3_the_listing_is_scoped_to_the_actor_whatever_the_query_asks()
    {
        var (mine, other) = (await TechnicianAsync(), await TechnicianAsync());
        var assigned = await OrderAsync("cust-a", mine);
        var elsewhere = await OrderAsync("cust-b", other);
        var all = new WorkOrderQuery(null, region, null, 1, 50);

        var staff = await Directory.ListForAsync(all, Dispatcher);
        var technician = await Directory.ListForAsync(all with { TechnicianId = other }, TechnicianActor(mine));
        var customer = await Directory.ListForAsync(all with { CustomerId = "cust-a" }, CustomerActor("cust-b"));

        Assert.Equal(new[] { Id(assigned), Id(elsewhere) }.Order(), staff.Items.Select(s => s.Id).Order());
        Assert.Equal([Id(assigned)], technician.Items.Select(s => s.Id));
        Assert.Equal([Id(elsewhere)], customer.Items.Select(s => s.Id));
        Assert.Empty((await Directory.ListForAsync(all, new Actor("user-x", Roles.Customer))).Items);
    }
}
