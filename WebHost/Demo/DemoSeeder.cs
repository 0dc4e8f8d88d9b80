using FieldService.Technicians;
using FieldService.WorkOrders;

namespace FieldService.WebHost.Demo;

/// <summary>
/// Demo data for the embedded mode (<c>Demo:Seed</c>, on by default only when nothing is durable): technicians in
/// two regions and a few reported faults, so a newcomer has something to dispatch. Fixed ids make it repeatable.
/// </summary>
public sealed class DemoSeeder(IGrainFactory grains, ILogger<DemoSeeder> logger) : IHostedService
{
    private static readonly Actor Seeder = new("demo-seeder", "system");

    private static readonly (string Id, TechnicianProfile Profile)[] Technicians =
    [
        ("t-100", new("Li Wei", "north", [new("hvac", 4), new("electrical", 3)], new(31.30, 121.50), 2, null)),
        ("t-101", new("Zhang Min", "north", [new("hvac", 2), new("plumbing", 4)], new(31.26, 121.45), 2, null)),
        ("t-102", new("Wang Fang", "north", [new("electrical", 5)], new(31.33, 121.58), 3, new(new(12, 0), new(21, 0)))),
        ("t-200", new("Chen Jie", "south", [new("hvac", 3), new("refrigeration", 4)], new(31.12, 121.40), 2, null)),
        ("t-201", new("Liu Yang", "south", [new("elevator", 5), new("electrical", 3)], new(31.08, 121.52), 1, null)),
        ("t-202", new("Zhao Lei", "south", [new("plumbing", 3)], new(31.15, 121.47), 2, new(new(22, 0), new(6, 0)))),
    ];

    private static readonly (string Id, ReportFault Intake)[] Orders =
    [
        ("demo-wo-1", new(
            new("Harbour Hotel", "+86 21 5555 0101", "facilities@harbour.example", "18 Riverside Road", new(31.29, 121.52)),
            new("AC-9000", "SN-77812", "hvac", Critical: false), new("Rooftop unit blows warm air", Channel.Phone),
            Priority.High, "north", new("hvac", 3), "Bring refrigerant gauge set", null)),
        ("demo-wo-2", new(
            new("City Hospital", "+86 21 5555 0202", "engineering@hospital.example", "1 Health Avenue", new(31.10, 121.50)),
            new("LIFT-X2", "SN-00451", "elevator", Critical: true), new("Lift stuck between floors 3 and 4", Channel.Chat),
            Priority.Emergency, "south", new("elevator", 4), "Critical equipment: 100% inspection after repair", null)),
        ("demo-wo-3", new(
            new("Green Bakery", null, "owner@bakery.example", "7 Market Lane", new(31.27, 121.47)),
            new("OVEN-3", "SN-31337", "electrical", Critical: false), new("Oven trips the breaker", Channel.Web),
            Priority.Normal, "north", new("electrical", 2), null, null)),
    ];

    /// <summary>The demo's own technicians: the only ones the simulator drives.</summary>
    public static IReadOnlyList<string> TechnicianIds { get; } = Technicians.Select(t => t.Id).ToArray();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var (id, profile) in Technicians)
        {
            var grain = grains.GetGrain<ITechnicianGrain>(id);
            if (await grain.GetAsync() is null)
            {
                await grain.SaveProfileAsync(profile, Seeder);
            }
        }

        foreach (var (id, intake) in Orders)
        {
            await grains.GetGrain<IWorkOrderGrain>(id).ReportAsync(intake, Seeder);
        }

        logger.LogInformation("Demo data: {Technicians} technicians in regions north and south, {Orders} reported faults",
            Technicians.Length, Orders.Length);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
