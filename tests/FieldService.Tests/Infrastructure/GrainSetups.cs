using FieldService.Technicians;
using FieldService.WorkOrders;

namespace FieldService.Tests.Infrastructure;

/// <summary>Grains brought to a known state, for the tests that talk to grains directly.</summary>
public static class GrainSetups
{
    public static readonly Actor Agent = new("agent-1", Roles.Agent);
    public static readonly Actor Dispatcher = new("disp-1", Roles.Dispatcher);

    /// <summary>A technician of region north with hvac at level 4, available.</summary>
    public static async Task<string> RegisterTechnicianAsync(IGrainFactory grains, int capacity = 2)
    {
        var id = "t-" + Guid.NewGuid().ToString("N")[..8];
        var profile = new TechnicianProfile("Li Wei", "north", [new Skill("hvac", 4)], new GeoPoint(31.3, 121.5), capacity, null);
        Assert.True((await grains.GetGrain<ITechnicianGrain>(id).SaveProfileAsync(profile, Dispatcher)).Succeeded);
        return id;
    }

    /// <summary>A reported order of region north, triaged as needing a visit.</summary>
    public static async Task<IWorkOrderGrain> TriagedOrderAsync(IGrainFactory grains)
    {
        var order = grains.GetGrain<IWorkOrderGrain>(Guid.NewGuid().ToString());
        Assert.True((await order.ReportAsync(Intakes.Fault(), Agent)).Succeeded);
        Assert.True((await order.ExecuteAsync(new Triage(true, null), Agent)).Succeeded);
        return order;
    }
}
