using FieldService.Testing;
using FieldService.Tests.Infrastructure;

namespace FieldService.Tests.Postgres;

/// <summary>Issue 12 point 9a, small enough for CI: the fault benchmark's first scenario (bench/FaultBench) at
/// 10 orders/s for 15 s. Same cluster, load and checks as the benchmark (Infrastructure/Fault*.cs).</summary>
[Collection(PostgresCollection.Name)]
public sealed class FaultUnderLoadTests
{
    private static readonly string[] Regions = ["north", "south"];

    [Fact]
    public async Task Faults_9a_a_silo_killed_under_load_loses_no_acknowledged_order_and_holds_no_technician()
    {
        var settings = new Dictionary<string, string?>
        {
            // Clocks fall due within the test: waiting orders breach P2, offers left unanswered breach P3 and go out again.
            ["Sla:Priorities:high:DispatchWithin"] = "00:00:15",
            ["Sla:Priorities:high:AcceptWithin"] = "00:00:10",
        };
        await using var cluster = await FaultCluster.StartAsync(settings, technicians: 8, capacity: 2, Regions);
        var load = new FaultLoad(cluster, Regions);
        var running = load.RunAsync(rate: 10, TimeSpan.FromSeconds(15));

        // The fault a third of the way in: as soon as the load has 50 acknowledged orders, SIGKILL the second process.
        var fifty = load.AcknowledgedAsync(50);
        if (await Task.WhenAny(fifty, running, Task.Delay(TimeSpan.FromSeconds(30))) != fifty)
        {
            Assert.Fail($"the load should have 50 acknowledged orders within 30 s; it has {load.Acknowledged.Count}");
        }

        var from = cluster.Clock.Elapsed;
        await cluster.KillAsync(1);
        await cluster.RestartAsync(1);
        var back = cluster.Clock.Elapsed;
        await running;

        var figures = await FaultChecks.MeasureAsync(cluster, load, (from, back + TimeSpan.FromSeconds(10)),
            // A place taken by a dispatcher that died before its offer is given back by the technician's reconciliation
            // (1-minute grace, checked every minute): up to about two minutes. Everything else settles in seconds.
            settle: TimeSpan.FromSeconds(150), clockGrace: TimeSpan.FromSeconds(15));
        var seen = $"figures: {figures with { Examples = [] }}; examples: {string.Join("; ", figures.Examples)}";
        Assert.True(figures.Acknowledged >= 50, $"the load should have had at least 50 orders acknowledged; {seen}");
        Assert.True(figures.Lost == 0, $"every acknowledged (201) order should be readable after the fault; {seen}");
        Assert.True(figures.OverCapacity == 0, $"no technician should ever hold more orders than their capacity; {seen}");
        Assert.True(figures.LoadLeaks == 0, $"no technician should be held by an order that is not open and theirs; {seen}");
        Assert.True(figures.AuditGaps == 0, $"every audit subject's sequences should be contiguous; {seen}");
        Assert.True(figures.Http500DuringFault == 0, $"no request should answer 500 during the fault (503 with Retry-After instead); {seen}");
        Assert.True(figures.WaitingBesideFreeCapacity == 0,
            $"within 20 s of the load no order should wait while a technician of its region has room; {seen}");
    }
}
