using FieldService.Parts;
using FieldService.Tests.Infrastructure;

namespace FieldService.Tests.Grains;

/// <summary>M2/Q2 on the grains: the bin is the single writer of its stock; every movement is in its ledger and the
/// audit trail.</summary>
public sealed class PartsBinTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static readonly Actor Storekeeper = new("store-1", Roles.Storekeeper);

    private IGrainFactory Grains => fixture.Grains;

    private async Task<IPartsBinGrain> StockedBinAsync(string sku, int quantity, string partClass = "B")
    {
        var catalog = Grains.GetGrain<IPartsCatalogGrain>(0);
        Assert.True((await catalog.SaveSupplierAsync(new Supplier("acme", "Acme Parts", true), Storekeeper)).Succeeded);
        Assert.True((await catalog.SaveSkuAsync(new PartSku(sku, "Fan motor", "pc", 42.5m, ["hvac"], false, partClass), Storekeeper)).Succeeded);
        var bin = Grains.GetGrain<IPartsBinGrain>(PartsBins.Key("wh-north", sku));
        Assert.True((await bin.ExecuteAsync(new ReceiveParts(quantity, "acme", "COC-1", true, "GRN-1"), Storekeeper)).Succeeded);
        return bin;
    }

    private async Task<string> OrderAsync()
    {
        var id = Guid.NewGuid().ToString();
        Assert.True((await Grains.GetGrain<FieldService.WorkOrders.IWorkOrderGrain>(id).ReportAsync(Intakes.Fault(), new Actor("agent-1", Roles.Agent))).Succeeded);
        return id;
    }

    [Fact]
    public async Task M2_one_hundred_concurrent_reservations_of_one_on_a_bin_of_ten_leave_exactly_ten_reserved()
    {
        var bin = await StockedBinAsync("FAN-" + Guid.NewGuid().ToString("N")[..6], 10);
        var orders = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => OrderAsync()));

        var results = await Task.WhenAll(orders.Select(o => bin.ExecuteAsync(new ReserveParts(o, 1), Storekeeper)));

        Assert.Equal(10, results.Count(r => r.Succeeded));
        Assert.All(results.Where(r => !r.Succeeded), r =>
        {
            Assert.Equal(FailureKind.Conflict, r.Failure!.Kind);
            Assert.Contains("available", r.Failure.Message, StringComparison.Ordinal);
        });
        var after = (await bin.GetAsync())!;
        Assert.Equal((10, 10, 0), (after.OnHand, after.Reserved, after.Available));
    }

    [Fact]
    public async Task Q2_every_movement_is_a_ledger_entry_and_an_audit_entry_naming_its_work_order()
    {
        var sku = "FAN-" + Guid.NewGuid().ToString("N")[..6];
        var bin = await StockedBinAsync(sku, 4);
        var order = await OrderAsync();

        Assert.True((await bin.ExecuteAsync(new ReserveParts(order, 2), Storekeeper)).Succeeded);
        Assert.True((await bin.ExecuteAsync(new IssueParts(order, 2), Storekeeper)).Succeeded);
        var key = PartsBins.Key("wh-north", sku);
        await fixture.Audit.WaitForAsync(e => e.SubjectId == key && e.Action == "issue", $"the issue from {key} in the audit trail");

        var ledger = await bin.LedgerAsync();
        Assert.Equal([("receive", 4, 4), ("reserve", 2, 4), ("issue", -2, 2)], ledger.Select(m => (m.Kind, m.Quantity, m.OnHand)));
        Assert.Equal([1L, 2L, 3L], ledger.Select(m => m.Sequence));
        Assert.Equal(order, fixture.Audit.Where(e => e.SubjectId == key && e.Action == "issue").Single().WorkOrderId);
        Assert.Contains("wh-north", await Grains.GetGrain<IPartsCatalogGrain>(0).BinsOfAsync(sku));
    }

    [Fact]
    public async Task M2_a_transfer_that_fails_between_the_two_bins_keeps_every_unit_in_transit_and_completes_once_when_resumed()
    {
        var sku = "FAN-" + Guid.NewGuid().ToString("N")[..6];
        var source = await StockedBinAsync(sku, 10);
        var vanLocation = "van-" + Guid.NewGuid().ToString("N")[..6];
        var target = Grains.GetGrain<IPartsBinGrain>(PartsBins.Key(vanLocation, sku));
        var transferId = Guid.NewGuid().ToString();
        fixture.Faults.FailOnce("transfer-sent", transferId); // the units have left the warehouse; the van has not got them

        var started = await Grains.GetGrain<IPartsTransferGrain>(transferId).StartAsync(sku, "wh-north", vanLocation, 4, Storekeeper);

        Assert.Equal(("sent", true), (started.Value!.Step, started.Value.LastError!.Contains("Injected", StringComparison.Ordinal)));
        var halfway = (await source.GetAsync())!;
        Assert.Equal((6, 4), (halfway.OnHand, halfway.InTransit.Sum(t => t.Quantity)));
        Assert.Null(await target.GetAsync());

        var resumed = await Grains.GetGrain<IPartsTransferGrain>(transferId).ResumeAsync();
        await Grains.GetGrain<IPartsTransferGrain>(transferId).ResumeAsync();
        Assert.True((await target.ExecuteAsync(new ReceiveTransfer(transferId, "wh-north", 4), Storekeeper)).Succeeded); // a late duplicate

        Assert.Equal("done", resumed!.Step);
        var (after, van) = ((await source.GetAsync())!, (await target.GetAsync())!);
        Assert.Equal((6, 0, 4), (after.OnHand, after.InTransit.Count, van.OnHand));
        Assert.Equal(["transfer-in"], (await target.LedgerAsync()).Select(m => m.Kind));
        Assert.Equal(["receive", "transfer-out", "transfer-complete"], (await source.LedgerAsync()).Select(m => m.Kind));
    }

    [Fact]
    public async Task M2_a_transfer_of_more_than_is_available_is_refused_and_moves_nothing()
    {
        var sku = "FAN-" + Guid.NewGuid().ToString("N")[..6];
        var source = await StockedBinAsync(sku, 3);

        var refused = await Grains.GetGrain<IPartsTransferGrain>(Guid.NewGuid().ToString()).StartAsync(sku, "wh-north", "van-x", 5, Storekeeper);

        Assert.Equal((FailureKind.Conflict, "refused"), (refused.Failure!.Kind, refused.Failure.CurrentStatus));
        Assert.Equal(3, (await source.GetAsync())!.OnHand);
    }

    [Fact]
    public async Task M2_a_stocktake_not_counted_by_its_due_date_becomes_a_task_for_the_storekeepers()
    {
        var sku = "BELT-" + Guid.NewGuid().ToString("N")[..6];
        var bin = await StockedBinAsync(sku, 5, partClass: "A");
        var due = (await bin.GetAsync())!.CountDueAt!.Value;
        Assert.Equal(fixture.Time.GetUtcNow() + TimeSpan.FromDays(2), due);
        var key = PartsBins.Key("wh-north", sku);

        await fixture.AdvanceAsync(TimeSpan.FromDays(2) + TimeSpan.FromMinutes(1));
        var task = await fixture.Audit.WaitForAsync(e => e.SubjectType == "escalation" && e.Action == "raise" && e.WorkOrderId == key,
            $"the overdue-count task of {key}");

        Assert.Contains("M2", task.Reason, StringComparison.Ordinal);
        Assert.StartsWith("stores.", task.SubjectId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task M1_a_movement_that_takes_a_bin_to_its_minimum_alerts_the_storekeepers_once()
    {
        var sku = "SEAL-" + Guid.NewGuid().ToString("N")[..6];
        var bin = await StockedBinAsync(sku, 10);
        Assert.True((await bin.ExecuteAsync(new ConfigureBin(5, 20), Storekeeper)).Succeeded);
        var key = PartsBins.Key("wh-north", sku);

        Assert.True((await bin.ExecuteAsync(new ReserveParts(await OrderAsync(), 6), Storekeeper)).Succeeded);
        Assert.True((await bin.ExecuteAsync(new ReserveParts(await OrderAsync(), 1), Storekeeper)).Succeeded);
        var alert = await fixture.Audit.WaitForAsync(e => e.SubjectType == "escalation" && e.Action == "raise" && e.WorkOrderId == key,
            $"the low-stock alert of {key}");

        Assert.Contains("4 available, minimum 5", alert.Reason, StringComparison.Ordinal);
        Assert.Single(fixture.Audit.Where(e => e.SubjectType == "escalation" && e.Action == "raise" && e.WorkOrderId == key));
    }
}
