using FieldService.Quality;
using FieldService.Technicians;
using FieldService.WorkOrders;

namespace FieldService.WebHost.Demo;

/// <summary>
/// Keeps the embedded demo alive (<c>Demo:Simulate</c>, on by default only when nothing is durable): customers
/// report faults every few seconds, the demo technicians drive about, accept what automatic dispatch offers them
/// and work through their jobs, and customer service closes them with a callback. Runs on the wall clock.
/// </summary>
public sealed class DemoSimulator(IGrainFactory grains, ILogger<DemoSimulator> logger) : BackgroundService
{
    private static readonly Actor Agent = new("demo-agent", Roles.Agent);
    private static readonly string[] Regions = ["north", "south"];
    private static readonly (string Skill, string Model, string Fault)[] Faults =
    [
        ("hvac", "AC-9000", "Blows warm air"), ("electrical", "PANEL-2", "Breaker trips"), ("plumbing", "PUMP-7", "Leaking seal"),
        ("hvac", "CHILLER-4", "Compressor noise"), ("electrical", "OVEN-3", "No power"),
    ];

    private readonly Random random = new();
    private readonly List<string> reported = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(2), TimeProvider.System);
        for (var tick = 0; await timer.WaitForNextTickAsync(stoppingToken); tick++)
        {
            try
            {
                if (tick % 3 == 0)
                {
                    await ReportAsync();
                }

                await MoveAndWorkAsync();
                await CloseAsync();
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Demo simulator step failed; going on");
            }
        }
    }

    private async Task ReportAsync()
    {
        var (skill, model, fault) = Faults[random.Next(Faults.Length)];
        var region = Regions[random.Next(Regions.Length)];
        var at = new GeoPoint(region == "north" ? 31.25 + (random.NextDouble() * 0.1) : 31.06 + (random.NextDouble() * 0.1), 121.42 + (random.NextDouble() * 0.16));
        var id = $"sim-{Guid.NewGuid():N}"[..16];
        var intake = new ReportFault(new Customer($"Customer {random.Next(100, 999)}", "+86 21 5555 0303", null, $"{random.Next(1, 200)} Demo Street", at),
            new Product(model, $"SN-{random.Next(10000, 99999)}", skill, Critical: random.NextDouble() < 0.1), new Fault(fault, Channel.Web),
            random.NextDouble() < 0.1 ? Priority.Emergency : Priority.Normal, region, new SkillRequirement(skill, random.Next(1, 4)), null, null);
        var order = grains.GetGrain<IWorkOrderGrain>(id);
        if ((await order.ReportAsync(intake, Agent)).Succeeded)
        {
            await order.ExecuteAsync(new Triage(true, "simulated"), Agent);
            reported.Add(id);
        }
    }

    /// <summary>One step of the demo technicians: each moves a little and takes one of its orders one step on.</summary>
    /// <remarks>Only the seeded demo technicians: a technician registered over REST is a real person (or a test),
    /// whose offers, steps and position are theirs to give.</remarks>
    internal async Task MoveAndWorkAsync()
    {
        foreach (var id in DemoSeeder.TechnicianIds)
        {
            if (await grains.GetGrain<ITechnicianGrain>(id).GetAsync() is not { } technician)
            {
                continue;
            }

            var at = technician.Location ?? technician.Profile.Home;
            var grain = grains.GetGrain<ITechnicianGrain>(technician.Id);
            await grain.ReportLocationAsync(new GeoPoint(at.Lat + ((random.NextDouble() - 0.5) * 0.004), at.Lon + ((random.NextDouble() - 0.5) * 0.004)));
            var actor = new Actor($"demo-{technician.Id}", Roles.Technician, TechnicianId: technician.Id);
            foreach (var orderId in technician.Assignments)
            {
                var order = grains.GetGrain<IWorkOrderGrain>(orderId);
                if (random.NextDouble() < 0.4 && await order.GetAsync() is { } current && Next(current) is { } step)
                {
                    // Q3: the demo's inspector passes what the sampling rule sent to inspection.
                    await order.ExecuteAsync(step, step is RecordInspection ? Inspector : actor);
                }
            }
        }
    }

    private static readonly Actor Inspector = new("demo-inspector", Roles.Inspector);

    /// <summary>The demo's categories have no standard of their own: the general one applies.</summary>
    private static readonly IReadOnlyList<CheckResult> AllPassed = Standards.BuiltInGeneral.Items.Select(i => new CheckResult(i.Id, true)).ToArray();

    private static WorkOrderCommand? Next(WorkOrder order) => order.Status switch
    {
        WorkOrderStatus.Dispatched => new Accept(),
        WorkOrderStatus.Accepted => new StartTravel(null),
        WorkOrderStatus.EnRoute => new Arrive(),
        WorkOrderStatus.OnSite => new Diagnose("worn part", false, null),
        WorkOrderStatus.Diagnosed => new StartRepair(),
        WorkOrderStatus.InRepair => new Complete(AllPassed, "simulated"),
        WorkOrderStatus.AwaitingInspection => new RecordInspection(AllPassed, "simulated inspection"),
        WorkOrderStatus.Completed => new RecordAcceptance("Customer", "data:image/png;base64,iVBORw0KGgo="),
        WorkOrderStatus.CustomerAccepted => new CleanUp(),
        _ => null,
    };

    private async Task CloseAsync()
    {
        foreach (var id in reported.ToList())
        {
            var order = grains.GetGrain<IWorkOrderGrain>(id);
            var current = await order.GetAsync();
            if (current?.Status == WorkOrderStatus.CleanedUp && (current.Priority != Priority.Emergency
                || (await order.ExecuteAsync(new RecordReview("simulated", "none", "none"), new Actor("demo-emergency", Roles.Emergency))).Succeeded))
            {
                await order.ExecuteAsync(new RecordCallback(5, "simulated", null), Agent);
            }

            if (current is null or { Status: WorkOrderStatus.Closed or WorkOrderStatus.Cancelled })
            {
                reported.Remove(id);
            }
        }
    }
}
