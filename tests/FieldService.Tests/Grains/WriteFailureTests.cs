using System.Text.Json;
using FieldService.Audit;
using FieldService.Complaints;
using FieldService.Escalations;
using FieldService.Parts;
using FieldService.Quality;
using FieldService.Technicians;
using FieldService.Tests.Infrastructure;
using FieldService.WorkOrders;

namespace FieldService.Tests.Grains;

/// <summary>
/// Issue 12 point 2, "a write that fails changes nothing": for every kind of grain that persists, the next write of
/// its state is made to fail while it takes a step. The caller gets the failure; the grain then reads back exactly
/// what it held before, nothing of the step reached its records, and the same step asked again succeeds, once.
/// </summary>
public sealed class WriteFailureTests(WriteFailureClusterFixture fixture) : IClassFixture<WriteFailureClusterFixture>
{
    private static readonly Actor Agent = GrainSetups.Agent;
    private static readonly Actor Dispatcher = GrainSetups.Dispatcher;
    private static readonly Actor Storekeeper = new("store-1", Roles.Storekeeper);
    private static readonly Actor Manager = new("manager-1", Roles.Manager);

    private IGrainFactory Grains => fixture.Grains;

    private static string NewId(string prefix = "") => prefix + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Records holding lists compare by reference; their JSON, in the platform's spelling, by value.</summary>
    private static string Json<T>(T value) => JsonSerializer.Serialize(value, FieldServiceJson.Options);

    /// <summary>Runs the step whose write was planned to fail and checks that the caller is told of that failure.</summary>
    private static async Task FailsAsync(Func<Task> step)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(step);
        Assert.Contains(WriteFailureClusterFixture.InjectedMessage, error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>What reached the audit trail about a subject, one entry per sequence (a republish repeats entries).</summary>
    private IReadOnlyList<AuditEntry> Published(string subjectId) =>
        fixture.Audit.Where(e => e.SubjectId == subjectId).DistinctBy(e => (e.SubjectType, e.Sequence)).OrderBy(e => e.Sequence).ToList();

    private Task<string> RegisterTechnicianAsync() => GrainSetups.RegisterTechnicianAsync(Grains);

    private Task<IWorkOrderGrain> TriagedOrderAsync() => GrainSetups.TriagedOrderAsync(Grains);

    private static Actor TechnicianActor(string technicianId) => new("user-" + technicianId, Roles.Technician, TechnicianId: technicianId);

    private async Task<Technician> TechnicianAsync(string id) => (await Grains.GetGrain<ITechnicianGrain>(id).GetAsync())!;

    private async Task<WorkOrderSummary?> ListedAsync(string orderId, string technicianId) =>
        (await Grains.GetGrain<IWorkOrderDirectoryGrain>(0).ListAsync(new WorkOrderQuery(null, null, technicianId, 1, 10))).Items
        .SingleOrDefault(l => l.Id == orderId);

    [Fact]
    public async Task Writes_a_failed_cancel_leaves_the_order_as_it_was_and_the_retry_cancels_it()
    {
        var technicianId = await RegisterTechnicianAsync();
        var order = await TriagedOrderAsync();
        var id = order.GetPrimaryKeyString();
        Assert.True((await order.ExecuteAsync(new Dispatch(technicianId), Dispatcher)).Succeeded);
        Assert.True((await order.ExecuteAsync(new Accept(), TechnicianActor(technicianId))).Succeeded);
        var before = await order.GetAsync();
        var history = await order.GetHistoryAsync();
        await fixture.FailNextWriteAsync("workOrder", order);

        await FailsAsync(() => order.ExecuteAsync(new Cancel("customer withdrew"), Agent));

        Assert.Equal(Json(before), Json(await order.GetAsync()));
        Assert.Equal(Json(history), Json(await order.GetHistoryAsync()));
        Assert.DoesNotContain(Published(id), e => e.Action == "cancel");
        Assert.Equal(WorkOrderStatus.Accepted, (await ListedAsync(id, technicianId))?.Status);
        Assert.Equal([id], (await TechnicianAsync(technicianId)).Assignments);

        var retried = await order.ExecuteAsync(new Cancel("customer withdrew"), Agent);

        Assert.True(retried.Succeeded, retried.Failure?.Message);
        Assert.Equal(WorkOrderStatus.Cancelled, (await order.GetAsync())!.Status);
        Assert.Single(await order.GetHistoryAsync(), e => e.Action == "cancel");
        Assert.Empty((await TechnicianAsync(technicianId)).Assignments);
        await fixture.Audit.WaitForAsync(e => e.SubjectId == id && e.Action == "cancel", $"the retried cancel of {id} in the audit trail");
        Assert.Single(Published(id), e => e.Action == "cancel");
    }

    [Fact]
    public async Task Writes_a_failed_dispatch_leaves_the_order_triaged_and_the_technician_without_its_load_and_the_retry_dispatches_it()
    {
        var technicianId = await RegisterTechnicianAsync();
        var order = await TriagedOrderAsync();
        var id = order.GetPrimaryKeyString();
        var before = await order.GetAsync();
        await fixture.FailNextWriteAsync("workOrder", order);

        await FailsAsync(() => order.ExecuteAsync(new Dispatch(technicianId), Dispatcher));

        Assert.Equal(Json(before), Json(await order.GetAsync()));
        Assert.Equal(2, (await order.GetHistoryAsync()).Count);
        Assert.DoesNotContain(Published(id), e => e.Action == "dispatch");
        Assert.Null(await ListedAsync(id, technicianId));
        // The technician took the load before the order's commit failed: the order handed it back.
        Assert.Empty((await TechnicianAsync(technicianId)).Assignments);

        var retried = await order.ExecuteAsync(new Dispatch(technicianId), Dispatcher);

        Assert.True(retried.Succeeded, retried.Failure?.Message);
        Assert.Equal((WorkOrderStatus.Dispatched, technicianId), ((await order.GetAsync())!.Status, (await order.GetAsync())!.TechnicianId));
        Assert.Single(await order.GetHistoryAsync(), e => e.Action == "dispatch");
        Assert.Equal([id], (await TechnicianAsync(technicianId)).Assignments);
        await fixture.Audit.WaitForAsync(e => e.SubjectId == id && e.Action == "dispatch", $"the retried dispatch of {id} in the audit trail");
        Assert.Single(Published(id), e => e.Action == "dispatch");
    }

    [Fact]
    public async Task Writes_a_failed_status_change_leaves_the_technician_as_they_were_and_the_retry_changes_it()
    {
        var id = await RegisterTechnicianAsync();
        var technician = Grains.GetGrain<ITechnicianGrain>(id);
        var before = await technician.GetAsync();
        await fixture.FailNextWriteAsync("technician", technician);

        await FailsAsync(() => technician.SetStatusAsync(TechnicianStatus.OnLeave, "sick", Dispatcher));

        Assert.Equal(Json(before), Json(await technician.GetAsync()));
        Assert.DoesNotContain(Published(id), e => e.Action == "set-status");
        Assert.Equal(TechnicianStatus.Available, (await Grains.GetGrain<ITechnicianDirectoryGrain>(0).ListAsync("north")).Single(t => t.Id == id).DutyStatus);

        var retried = await technician.SetStatusAsync(TechnicianStatus.OnLeave, "sick", Dispatcher);

        Assert.True(retried.Succeeded, retried.Failure?.Message);
        Assert.Equal((TechnicianStatus.OnLeave, before!.Version + 1), (retried.Value!.DutyStatus, retried.Value.Version));
        await fixture.Audit.WaitForAsync(e => e.SubjectId == id && e.Action == "set-status", $"the retried status change of {id} in the audit trail");
        Assert.Single(Published(id), e => e.Action == "set-status");
    }

    [Fact]
    public async Task Writes_a_failed_acknowledgement_leaves_the_escalation_open_and_the_retry_acknowledges_it()
    {
        var team = NewId("team-");
        var id = EscalationIds.For(team, NewId());
        var escalation = Grains.GetGrain<IEscalationGrain>(id);
        await escalation.RaiseAsync(team, "wo-1", "P2", "dispatch deadline missed");
        var before = await escalation.GetAsync();
        await fixture.FailNextWriteAsync("escalation", escalation);

        await FailsAsync(() => escalation.AcknowledgeAsync(Manager));

        Assert.Equal(Json(before), Json(await escalation.GetAsync()));
        Assert.DoesNotContain(Published(id), e => e.Action == "acknowledge");
        Assert.Equal([id], (await Grains.GetGrain<IEscalationDirectoryGrain>(0).ListAsync(team, openOnly: true)).Select(e => e.Id));

        var retried = await escalation.AcknowledgeAsync(Manager);

        Assert.True(retried.Succeeded, retried.Failure?.Message);
        Assert.Equal((Manager.Id, before!.Version + 1), (retried.Value!.AcknowledgedBy, retried.Value.Version));
        Assert.Empty(await Grains.GetGrain<IEscalationDirectoryGrain>(0).ListAsync(team, openOnly: true));
        Assert.Single(Published(id), e => e.Action == "acknowledge");
    }

    [Fact]
    public async Task Writes_a_failed_roster_change_leaves_the_team_as_it_was_and_the_retry_changes_it()
    {
        var team = Grains.GetGrain<IEscalationTeamGrain>(NewId("team-"));
        RosterMember[] first = [new("lead-1", "Zhang Min", "lead", true)];
        RosterMember[] second = [.. first, new("eng-2", "Wang Fang", "engineer", true)];
        Assert.True((await team.SetRosterAsync(first, Manager)).Succeeded);
        await fixture.FailNextWriteAsync("team", team);

        await FailsAsync(() => team.SetRosterAsync(second, Manager));

        Assert.Equal(Json(first), Json(await team.GetRosterAsync()));
        Assert.Equal("lead-1", await team.NextOnCallAsync("lead-1"));

        Assert.True((await team.SetRosterAsync(second, Manager)).Succeeded);

        Assert.Equal(Json(second), Json(await team.GetRosterAsync()));
        Assert.Equal("eng-2", await team.NextOnCallAsync("lead-1"));
    }

    [Fact]
    public async Task Writes_a_failed_complaint_step_leaves_the_complaint_as_it_was_and_the_retry_takes_it()
    {
        var order = await TriagedOrderAsync();
        var id = ComplaintIds.FromCallback(order.GetPrimaryKeyString());
        var complaint = Grains.GetGrain<IComplaintGrain>(id);
        Assert.True((await complaint.OpenAsync(new ComplaintOpening(order.GetPrimaryKeyString(), ComplaintCategory.Other, "Still noisy."), Agent)).Succeeded);
        var before = await complaint.GetAsync();
        await fixture.FailNextWriteAsync("complaint", complaint);

        await FailsAsync(() => complaint.ExecuteAsync(new InvestigateComplaint("Loose fan mount"), Agent));

        Assert.Equal(Json(before), Json(await complaint.GetAsync()));
        Assert.Single(await complaint.GetHistoryAsync());
        Assert.DoesNotContain(Published(id), e => e.Action == FieldService.Grains.Complaints.ComplaintLifecycle.ActionOf(ComplaintStatus.Investigated));
        var listed = await Grains.GetGrain<IComplaintDirectoryGrain>(0).ListAsync(new ComplaintQuery(null, order.GetPrimaryKeyString(), null, null, 1, 10));
        Assert.Equal(ComplaintStatus.Opened, listed.Items.Single().Status);

        var retried = await complaint.ExecuteAsync(new InvestigateComplaint("Loose fan mount"), Agent);

        Assert.True(retried.Succeeded, retried.Failure?.Message);
        Assert.Equal(ComplaintStatus.Investigated, (await complaint.GetAsync())!.Status);
        Assert.Equal(2, (await complaint.GetHistoryAsync()).Count);
        Assert.Single(Published(id), e => e.Action == FieldService.Grains.Complaints.ComplaintLifecycle.ActionOf(ComplaintStatus.Investigated));
    }

    [Fact]
    public async Task Writes_a_failed_listing_update_leaves_the_complaint_directory_as_it_was_and_the_retry_updates_it()
    {
        var directory = Grains.GetGrain<IComplaintDirectoryGrain>(0);
        var workOrderId = NewId();
        var opened = new ComplaintSummary(NewId("c-"), ComplaintStatus.Opened, workOrderId, null, null, ComplaintCategory.Other, null,
            ClusterFixture.Start, ClusterFixture.Start, 1);
        var investigated = opened with { Status = ComplaintStatus.Investigated, UpdatedAt = ClusterFixture.Start.AddHours(1), Version = 2 };
        var query = new ComplaintQuery(null, workOrderId, null, null, 1, 10);
        await directory.UpsertAsync(opened);
        // The directory keeps no state of its own (issue 17.6): what can fail is the index row's write.
        fixture.Faults.FailOnce(FieldService.Grains.Complaints.ComplaintDirectoryGrain.IndexStep, opened.Id);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => directory.UpsertAsync(investigated));

        Assert.Contains("Injected failure", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(Json(new[] { opened }), Json((await directory.ListAsync(query)).Items));

        await directory.UpsertAsync(investigated);

        Assert.Equal(Json(new[] { investigated }), Json((await directory.ListAsync(query)).Items));
    }

    [Fact]
    public async Task Writes_a_failed_publication_leaves_the_standard_at_its_version_and_the_retry_publishes_the_next()
    {
        var category = NewId("cat-");
        var standard = Grains.GetGrain<IStandardGrain>(category);
        ChecklistItem[] items = [new("seal", "Door seal intact", "visual")];
        Assert.True((await standard.PublishAsync(items, null, Manager)).Succeeded);
        var before = await standard.ListAsync();
        await fixture.FailNextWriteAsync("standard", standard);

        await FailsAsync(() => standard.PublishAsync([.. items, new("leak", "No refrigerant leak", "sniffer")], "adds the leak test", Manager));

        Assert.Equal(Json(before), Json(await standard.ListAsync()));
        Assert.Equal(1, (await standard.GetCurrentAsync())!.Version);
        Assert.Single(Published(category));

        var retried = await standard.PublishAsync([.. items, new("leak", "No refrigerant leak", "sniffer")], "adds the leak test", Manager);

        Assert.True(retried.Succeeded, retried.Failure?.Message);
        Assert.Equal([1, 2], (await standard.ListAsync()).Select(s => s.Version));
        Assert.Equal(2, Published(category).Count);
    }

    [Fact]
    public async Task Writes_a_failed_sampling_decision_counts_nothing_and_the_retry_counts_it_once()
    {
        var (workOrderId, technicianId, region) = (NewId(), NewId("t-"), NewId("r-"));
        var sampler = Grains.GetGrain<IRegionSamplerGrain>(region);
        var before = await sampler.GetTalliesAsync();
        await fixture.FailNextWriteAsync("sampler", sampler);

        await FailsAsync(() => sampler.DecideAsync(workOrderId, technicianId));

        Assert.Equal(Json(before), Json(await sampler.GetTalliesAsync()));

        var decision = await sampler.DecideAsync(workOrderId, technicianId);
        var again = await sampler.DecideAsync(workOrderId, technicianId);

        Assert.Equal(Json(decision), Json(again));
        var tallies = await sampler.GetTalliesAsync();
        Assert.Equal(1, tallies.Single(t => t.Scope == FieldService.Grains.Quality.SamplingRules.TechnicianScope(technicianId)).Completed);
        Assert.Equal(1, tallies.Single(t => t.Scope == FieldService.Grains.Quality.SamplingRules.RegionScope(region)).Completed);
    }

    [Fact]
    public async Task Writes_a_failed_catalog_change_leaves_the_part_as_it_was_and_the_retry_changes_it()
    {
        var catalog = Grains.GetGrain<IPartsCatalogGrain>(0);
        var sku = new PartSku(NewId("FAN-"), "Fan motor", "pc", 42.5m, ["hvac"], false, "B");
        Assert.True((await catalog.SaveSkuAsync(sku, Storekeeper)).Succeeded);
        await fixture.FailNextWriteAsync("partsCatalog", catalog);

        await FailsAsync(() => catalog.SaveSkuAsync(sku with { UnitCost = 50m }, Storekeeper));

        Assert.Equal(Json(sku), Json(await catalog.GetSkuAsync(sku.Sku)));

        Assert.True((await catalog.SaveSkuAsync(sku with { UnitCost = 50m }, Storekeeper)).Succeeded);

        Assert.Equal(50m, (await catalog.GetSkuAsync(sku.Sku))!.UnitCost);
    }

    private async Task<(IPartsCatalogGrain Catalog, string Sku)> CataloguedPartAsync()
    {
        var catalog = Grains.GetGrain<IPartsCatalogGrain>(0);
        var sku = NewId("FAN-");
        Assert.True((await catalog.SaveSupplierAsync(new Supplier("acme", "Acme Parts", true), Storekeeper)).Succeeded);
        Assert.True((await catalog.SaveSkuAsync(new PartSku(sku, "Fan motor", "pc", 42.5m, ["hvac"], false, "B"), Storekeeper)).Succeeded);
        return (catalog, sku);
    }

    [Fact]
    public async Task Writes_a_failed_movement_leaves_the_bin_and_its_ledger_as_they_were_and_the_retry_moves_once()
    {
        var (_, sku) = await CataloguedPartAsync();
        var key = PartsBins.Key("wh-north", sku);
        var bin = Grains.GetGrain<IPartsBinGrain>(key);
        Assert.True((await bin.ExecuteAsync(new ReceiveParts(5, "acme", "COC-1", true, "GRN-1"), Storekeeper)).Succeeded);
        var (before, ledger) = (await bin.GetAsync(), await bin.LedgerAsync());
        var order = (await TriagedOrderAsync()).GetPrimaryKeyString();
        await fixture.FailNextWriteAsync("partsBin", bin);

        await FailsAsync(() => bin.ExecuteAsync(new ReserveParts(order, 2), Storekeeper));

        Assert.Equal(Json(before), Json(await bin.GetAsync()));
        Assert.Equal(Json(ledger), Json(await bin.LedgerAsync()));
        Assert.DoesNotContain(Published(key), e => e.Action == "reserve");

        var retried = await bin.ExecuteAsync(new ReserveParts(order, 2), Storekeeper);

        Assert.True(retried.Succeeded, retried.Failure?.Message);
        Assert.Equal((5, 2, 3), (retried.Value!.OnHand, retried.Value.Reserved, retried.Value.Available));
        Assert.Single(await bin.LedgerAsync(), m => m.Kind == "reserve");
        Assert.Single(Published(key), e => e.Action == "reserve");
    }

    [Fact]
    public async Task Writes_a_failed_start_leaves_no_transfer_and_no_unit_moved_and_the_retry_transfers_once()
    {
        var (_, sku) = await CataloguedPartAsync();
        var source = Grains.GetGrain<IPartsBinGrain>(PartsBins.Key("wh-north", sku));
        var target = Grains.GetGrain<IPartsBinGrain>(PartsBins.Key("wh-south", sku));
        Assert.True((await source.ExecuteAsync(new ReceiveParts(5, "acme", "COC-1", true, "GRN-1"), Storekeeper)).Succeeded);
        var transfer = Grains.GetGrain<IPartsTransferGrain>(NewId("tr-"));
        await fixture.FailNextWriteAsync("partsTransfer", transfer);

        await FailsAsync(() => transfer.StartAsync(sku, "wh-north", "wh-south", 3, Storekeeper));

        Assert.Null(await transfer.GetAsync());
        Assert.Equal(5, (await source.GetAsync())!.Available);
        Assert.Null(await target.GetAsync());

        var retried = await transfer.StartAsync(sku, "wh-north", "wh-south", 3, Storekeeper);

        Assert.True(retried.Succeeded, retried.Failure?.Message);
        Assert.Equal("done", retried.Value!.Step);
        Assert.Equal(2, (await source.GetAsync())!.OnHand);
        Assert.Equal(3, (await target.GetAsync())!.OnHand);
    }

    /// <summary>A purchase order for 10 units of a new part into wh-north, nothing received yet.</summary>
    private async Task<(IPurchaseOrderGrain Order, IPartsBinGrain Bin, Func<Task<int>> OnOrder)> OpenPurchaseOrderAsync()
    {
        var (catalog, sku) = await CataloguedPartAsync();
        var key = PartsBins.Key("wh-north", sku);
        var purchase = Grains.GetGrain<IPurchaseOrderGrain>(NewId("po-"));
        Assert.True((await purchase.CreateAsync("acme", "wh-north", sku, 10, Storekeeper)).Succeeded);
        return (purchase, Grains.GetGrain<IPartsBinGrain>(key), async () => (await catalog.OnOrderAsync())[key]);
    }

    /// <summary>The delivery of 4 counted once on the order, in the bin and in the catalog's outstanding figure.</summary>
    private static async Task ReceivedOnceAsync(Result<PurchaseOrder> retried, IPartsBinGrain bin, Func<Task<int>> onOrder)
    {
        Assert.True(retried.Succeeded, retried.Failure?.Message);
        Assert.Equal((4, 6), (retried.Value!.Received, retried.Value.Outstanding));
        Assert.Equal(4, (await bin.GetAsync())!.OnHand);
        Assert.Single(await bin.LedgerAsync(), m => m.Kind == "receive");
        Assert.Equal(6, await onOrder());
    }

    [Fact]
    public async Task Writes_a_failed_receipt_leaves_the_purchase_order_as_it_was_and_the_retry_receives_the_delivery_once()
    {
        var (purchase, bin, onOrder) = await OpenPurchaseOrderAsync();
        var before = await purchase.GetAsync();
        await fixture.FailNextWriteAsync("purchaseOrder", purchase);

        await FailsAsync(() => purchase.ReceiveAsync(4, "COC-9", true, Storekeeper));

        Assert.Equal(Json(before), Json(await purchase.GetAsync()));
        Assert.Null(await bin.GetAsync());
        Assert.Equal(10, await onOrder());

        await ReceivedOnceAsync(await purchase.ReceiveAsync(4, "COC-9", true, Storekeeper), bin, onOrder);
    }

    [Fact]
    public async Task Writes_a_receipt_whose_bin_write_failed_leaves_both_as_they_were_and_the_retry_receives_the_delivery_once()
    {
        var (purchase, bin, onOrder) = await OpenPurchaseOrderAsync();
        var before = await purchase.GetAsync();
        await fixture.FailNextWriteAsync("partsBin", bin);

        await FailsAsync(() => purchase.ReceiveAsync(4, "COC-9", true, Storekeeper));

        Assert.Equal(Json(before), Json(await purchase.GetAsync()));
        Assert.Null(await bin.GetAsync());

        await ReceivedOnceAsync(await purchase.ReceiveAsync(4, "COC-9", true, Storekeeper), bin, onOrder);
    }

    [Fact]
    public async Task Writes_a_receipt_the_bin_took_without_the_order_counting_it_is_counted_by_the_retry_and_not_received_again()
    {
        var (purchase, bin, onOrder) = await OpenPurchaseOrderAsync();
        await fixture.FailNextWriteAsync("partsBin", bin);
        await FailsAsync(() => purchase.ReceiveAsync(4, "COC-9", true, Storekeeper));
        // The delivery reaches the bin after all, and the order never hears of it (an answer lost on the way back).
        Assert.True((await bin.ExecuteAsync(new ReceiveParts(4, "acme", "COC-9", true, purchase.GetPrimaryKeyString()), Storekeeper)).Succeeded);

        await ReceivedOnceAsync(await purchase.ReceiveAsync(4, "COC-9", true, Storekeeper), bin, onOrder);
    }
}
