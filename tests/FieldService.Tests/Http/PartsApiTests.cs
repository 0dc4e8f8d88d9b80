using System.Net;
using System.Text.Json.Nodes;
using FieldService.Tests.Infrastructure;

namespace FieldService.Tests.Http;

/// <summary>Spare parts over REST: a repair's parts received, reserved, issued by its technician and traced in the
/// ledger; what a technician may not do; bad input.</summary>
public class PartsApiTests : HostedTests
{
    private ApiClient store = null!;

    protected override async Task StartAsync() => store = await Factory.Personas.AsAsync("store-1", Roles.Storekeeper);

    [Fact]
    public async Task Q2_a_repair_s_parts_are_received_reserved_issued_by_its_technician_and_traced_in_the_ledger()
    {
        var manager = await Factory.Personas.AsAsync("mgr-1", Roles.Manager);
        await store.PutAsync("/api/suppliers/acme", new { name = "Acme Parts", qualified = true });
        await store.PutAsync("/api/parts/FAN-1", new { name = "Fan motor", unit = "pc", unitCost = 42.5, categories = new[] { "hvac" }, critical = false, partClass = "B" });
        await store.PostAsync("/api/bins/van-t-1/FAN-1/receive", new { quantity = 3, supplierId = "acme", certificate = "COC-77", inspectionPassed = true, document = "GRN-9" });

        var operatorApi = await Factory.Personas.OperatorAsync();
        await operatorApi.PutAsync("/api/technicians/t-1", Intakes.Technician(), HttpStatusCode.Created);
        await operatorApi.PutAsync("/api/technicians/t-2", Intakes.Technician(), HttpStatusCode.Created);
        var mine = await operatorApi.ReportAsync();
        var theirs = await operatorApi.ReportAsync();
        foreach (var (id, technician) in new[] { (mine, "t-1"), (theirs, "t-2") })
        {
            await operatorApi.PostAsync($"/api/work-orders/{id}/triage", new { onSite = true });
            await operatorApi.PostAsync($"/api/work-orders/{id}/dispatch", new { technicianId = technician });
        }

        var techApi = await Factory.Personas.TechnicianAsync("t-1");
        await techApi.PostAsync($"/api/work-orders/{mine}/accept", null);
        await techApi.PostAsync("/api/bins/van-t-1/FAN-1/reserve", new { workOrderId = mine, quantity = 2 });
        var issued = await techApi.PostAsync("/api/bins/van-t-1/FAN-1/issue", new { workOrderId = mine, quantity = 2 });
        Assert.Equal((1, 0, 1), ((int)issued["onHand"]!, (int)issued["reserved"]!, (int)issued["available"]!));

        // Another technician's order, and more than is available, are refused and change nothing.
        await techApi.PostAsync("/api/bins/van-t-1/FAN-1/reserve", new { workOrderId = theirs, quantity = 1 }, HttpStatusCode.NotFound);
        var short_ = await store.PostAsync("/api/bins/van-t-1/FAN-1/reserve", new { workOrderId = theirs, quantity = 5 }, HttpStatusCode.Conflict);
        Assert.Contains("available 1", (string?)short_["currentStatus"], StringComparison.Ordinal);

        var ledger = (await manager.GetAsync($"/api/parts/FAN-1/ledger?workOrderId={mine}"))["items"]!.AsArray();
        Assert.Equal(["reserve", "issue"], ledger.Select(m => (string?)m!["kind"]));
        Assert.Equal("user-t-1", (string?)ledger[1]!["actor"]!["id"]);
        await store.PutAsync("/api/bins/van-t-1/FAN-1/levels", null, HttpStatusCode.MethodNotAllowed);
        await store.PostAsync("/api/bins/van-t-1/FAN-1/levels", new { min = 2, max = 6 });
        var report = (await manager.GetAsync("/api/parts-report"))["items"]!.AsArray().Single(l => (string?)l!["sku"] == "FAN-1")!;
        Assert.Equal((1, 2, 42.5m, 85m), ((int)report["onHand"]!, (int)report["consumed"]!, (decimal)report["stockValue"]!, (decimal)report["consumedValue"]!));
        var suggestion = (await store.GetAsync("/api/purchasing/suggestions"))["items"]!.AsArray().Single(l => (string?)l!["sku"] == "FAN-1")!;
        Assert.Equal(("van-t-1", 5), ((string?)suggestion["location"], (int)suggestion["suggestedQuantity"]!));

        // The suggestion becomes a purchase order; what is on order is not suggested again; deliveries count against it.
        var order = await store.PostAsync("/api/purchasing/orders", new { supplierId = "acme", location = "van-t-1", sku = "FAN-1", quantity = 5 }, HttpStatusCode.Created);
        var orderId = (string)order["id"]!;
        Assert.DoesNotContain((await store.GetAsync("/api/purchasing/suggestions"))["items"]!.AsArray(), l => (string?)l!["sku"] == "FAN-1");
        var partly = await store.PostAsync($"/api/purchasing/orders/{orderId}/receive", new { quantity = 3, certificate = "COC-88", inspectionPassed = true });
        Assert.Equal((3, "open"), ((int)partly["received"]!, (string?)partly["status"]));
        await store.PostAsync($"/api/purchasing/orders/{orderId}/receive", new { quantity = 3, certificate = "COC-89", inspectionPassed = true }, HttpStatusCode.UnprocessableEntity);
        var done = await store.PostAsync($"/api/purchasing/orders/{orderId}/receive", new { quantity = 2, certificate = "COC-89", inspectionPassed = true });
        Assert.Equal("received", (string?)done["status"]);
        Assert.Equal(6, (int)(await store.GetAsync("/api/bins/van-t-1/FAN-1"))["onHand"]!);
        await store.PostAsync("/api/purchasing/orders", new { supplierId = "nobody", location = "van-t-1", sku = "FAN-1", quantity = 5 }, HttpStatusCode.UnprocessableEntity);

        var all = (await manager.GetAsync("/api/bins/van-t-1/FAN-1/ledger"))["items"]!.AsArray();
        Assert.Equal(("receive", "COC-77", "GRN-9"), ((string?)all[0]!["kind"], (string?)all[0]!["certificate"], (string?)all[0]!["document"]));
    }

    [Fact]
    public async Task M2_a_stocktake_is_approved_by_someone_else_and_bad_movements_are_refused_naming_the_field()
    {
        await store.PutAsync("/api/suppliers/acme", new { name = "Acme Parts", qualified = true });
        await store.PutAsync("/api/parts/VALVE-2", new { name = "Valve", unit = "pc", unitCost = 8, categories = new[] { "plumbing" }, critical = true, partClass = "A" });
        await store.PostAsync("/api/bins/wh-south/VALVE-2/receive", new { quantity = 10, supplierId = "acme", certificate = "COC-1", inspectionPassed = true });

        await store.PostAsync("/api/bins/wh-south/VALVE-2/count", new { counted = 9 });
        await store.PostAsync("/api/bins/wh-south/VALVE-2/approve-count", null, HttpStatusCode.Conflict);
        var manager = await Factory.Personas.AsAsync("mgr-1", Roles.Manager);
        var approved = await manager.PostAsync("/api/bins/wh-south/VALVE-2/approve-count", null);
        Assert.Equal(9, (int)approved["onHand"]!);

        var invalid = await store.PostAsync("/api/bins/wh-south/VALVE-2/receive", new { quantity = 0, supplierId = "nobody" }, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["certificate", "quantity", "supplierId"], ((JsonObject)invalid["errors"]!).Select(e => e.Key).Order(StringComparer.Ordinal));
        await store.PostAsync("/api/bins/wh-south/NO-SUCH/receive", new { quantity = 1, supplierId = "acme", certificate = "C" }, HttpStatusCode.NotFound);
        await store.PutAsync("/api/parts/BAD", new { name = "", unit = "pc", unitCost = -1, partClass = "Z" }, HttpStatusCode.UnprocessableEntity);
        var technician = await Factory.Personas.TechnicianAsync("t-1");
        await technician.PostAsync("/api/bins/wh-south/VALVE-2/receive", new { quantity = 1 }, HttpStatusCode.Forbidden);
        Assert.Equal(9, (int)(await store.GetAsync("/api/bins/wh-south/VALVE-2"))["onHand"]!);

        var transfer = await store.PostAsync("/api/transfers", new { sku = "VALVE-2", from = "wh-south", to = "van-t-1", quantity = 4 }, HttpStatusCode.Created);
        Assert.Equal("done", (string?)transfer["step"]);
        Assert.Equal("done", (string?)(await manager.GetAsync($"/api/transfers/{(string)transfer["id"]!}"))["step"]);
        Assert.Equal((5, 4), ((int)(await store.GetAsync("/api/bins/wh-south/VALVE-2"))["onHand"]!, (int)(await store.GetAsync("/api/bins/van-t-1/VALVE-2"))["onHand"]!));
        var tooMany = await store.PostAsync("/api/transfers", new { sku = "VALVE-2", from = "wh-south", to = "van-t-1", quantity = 50 }, HttpStatusCode.Conflict);
        Assert.Equal("refused", (string?)tooMany["currentStatus"]);
        await store.PostAsync("/api/transfers", new { sku = "VALVE-2", from = "wh-south", to = "wh-south", quantity = 1 }, HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task M3_await_parts_reserves_from_the_van_then_the_warehouse_reports_the_shortage_and_the_acceptance_lists_the_parts_used()
    {
        await store.PutAsync("/api/suppliers/acme", new { name = "Acme Parts", qualified = true });
        await store.PutAsync("/api/parts/PUMP-3", new { name = "Pump", unit = "pc", unitCost = 120, categories = new[] { "plumbing" }, critical = false, partClass = "B" });
        await store.PostAsync("/api/bins/van-t-7/PUMP-3/receive", new { quantity = 1, supplierId = "acme", certificate = "C1", inspectionPassed = true });
        await store.PostAsync("/api/bins/wh-north/PUMP-3/receive", new { quantity = 1, supplierId = "acme", certificate = "C2", inspectionPassed = true });
        var operatorApi = await Factory.Personas.OperatorAsync();
        await operatorApi.PutAsync("/api/technicians/t-7", Intakes.Technician(), HttpStatusCode.Created);
        var id = await operatorApi.ReportAsync();
        await operatorApi.PostAsync($"/api/work-orders/{id}/triage", new { onSite = true });
        await operatorApi.PostAsync($"/api/work-orders/{id}/dispatch", new { technicianId = "t-7" });
        var tech = await Factory.Personas.TechnicianAsync("t-7");
        foreach (var (step, body) in new (string, object?)[] { ("accept", null), ("en-route", new { }), ("arrive", null) })
        {
            await tech.PostAsync($"/api/work-orders/{id}/{step}", body);
        }

        var diagnosed = await tech.PostAsync($"/api/work-orders/{id}/diagnosis", new { cause = "seized pump", complex = false, parts = new[] { new { sku = "PUMP-3", quantity = 3 } } });
        Assert.Equal(3, (int)diagnosed["diagnosis"]!["parts"]![0]!["quantity"]!);
        await tech.PostAsync($"/api/work-orders/{id}/start-repair", null);
        await tech.PostAsync($"/api/work-orders/{id}/await-parts", new { parts = new[] { new { sku = "PUMP-3", quantity = 3 } } });

        var order = await operatorApi.GetAsync($"/api/work-orders/{id}");
        var reserved = order["partsReserved"]!.AsArray().Select(l => ((string?)l!["location"], (int)l["quantity"]!)).Order().ToList();
        Assert.Equal([("van-t-7", 1), ("wh-north", 1)], reserved);
        var shortage = (await store.GetAsync("/api/escalations?team=stores"))["items"]!.AsArray().Single(e => (string?)e!["workOrderId"] == id)!;
        Assert.Contains("1 x PUMP-3", (string?)shortage["reason"], StringComparison.Ordinal);
        var demand = (await store.GetAsync("/api/purchasing/suggestions"))["items"]!.AsArray().Single(l => (string?)l!["sku"] == "PUMP-3")!;
        Assert.Equal(("wh-north", 1, 1), ((string?)demand["location"], (int)demand["waiting"]!, (int)demand["suggestedQuantity"]!));

        await tech.PostAsync("/api/bins/van-t-7/PUMP-3/issue", new { workOrderId = id, quantity = 1 });
        await Factory.Audit.WaitForAsync(e => e.SubjectId == id && e.Action == "parts-used", $"the issued pump on work order {id}");
        await tech.PostAsync($"/api/work-orders/{id}/start-repair", null);
        Assert.DoesNotContain((await store.GetAsync("/api/purchasing/suggestions"))["items"]!.AsArray(), l => (string?)l!["sku"] == "PUMP-3" && (int)l["waiting"]! > 0);
        await tech.PostAsync($"/api/work-orders/{id}/complete", Checks.CompleteBody());
        await (await Factory.Personas.AsAsync("inspector-1", Roles.Inspector)).PostAsync($"/api/work-orders/{id}/inspection", Checks.PassBody());
        var signed = await tech.PostAsync($"/api/work-orders/{id}/acceptance", new { signedBy = "Ms Chen", signature = "data:image/png;base64,iVBORw0KGgo=" });

        var used = signed["signature"]!["parts"]!.AsArray().Single()!;
        Assert.Equal(("van-t-7", "PUMP-3", 1), ((string?)used["location"], (string?)used["sku"], (int)used["quantity"]!));
        await operatorApi.PostAsync($"/api/work-orders/{id}/await-parts", new { parts = new[] { new { sku = "PUMP-3", quantity = 1 } } }, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task M3_a_delivery_against_the_purchase_order_for_a_shortage_is_reserved_for_the_waiting_order()
    {
        await store.PutAsync("/api/suppliers/acme", new { name = "Acme Parts", qualified = true });
        await store.PutAsync("/api/parts/SEAL-9", new { name = "Seal kit", unit = "pc", unitCost = 15, categories = new[] { "plumbing" }, critical = false, partClass = "C" });
        var operatorApi = await Factory.Personas.OperatorAsync();
        await operatorApi.PutAsync("/api/technicians/t-9", Intakes.Technician(), HttpStatusCode.Created);
        var id = await operatorApi.ReportAsync();
        await operatorApi.PostAsync($"/api/work-orders/{id}/triage", new { onSite = true });
        await operatorApi.PostAsync($"/api/work-orders/{id}/dispatch", new { technicianId = "t-9" });
        var tech = await Factory.Personas.TechnicianAsync("t-9");
        foreach (var (step, body) in new (string, object?)[] { ("accept", null), ("en-route", new { }), ("arrive", null),
            ("diagnosis", new { cause = "leaking seal", complex = false }), ("start-repair", null) })
        {
            await tech.PostAsync($"/api/work-orders/{id}/{step}", body);
        }

        // No bin anywhere holds the part: the whole need is short, and the warehouse bin nobody stocked is suggested.
        await tech.PostAsync($"/api/work-orders/{id}/await-parts", new { parts = new[] { new { sku = "SEAL-9", quantity = 2 } } });
        var region = (string)(await operatorApi.GetAsync($"/api/work-orders/{id}"))["region"]!;
        var suggestion = (await store.GetAsync("/api/purchasing/suggestions"))["items"]!.AsArray().Single(l => (string?)l!["sku"] == "SEAL-9")!;
        Assert.Equal(($"wh-{region}", 2, 2), ((string?)suggestion["location"], (int)suggestion["waiting"]!, (int)suggestion["suggestedQuantity"]!));

        var purchase = await store.PostAsync("/api/purchasing/orders", new { supplierId = "acme", location = $"wh-{region}", sku = "SEAL-9", quantity = 2 }, HttpStatusCode.Created);
        var purchaseId = (string)purchase["id"]!;
        Assert.Contains((await store.GetAsync("/api/purchasing/orders"))["items"]!.AsArray(), o => (string?)o!["id"] == purchaseId);
        // The first delivery reaches the waiting order (one way), which reserves it and still lacks one: the demand says
        // so, and no second shortage task is raised for it.
        await store.PostAsync($"/api/purchasing/orders/{purchaseId}/receive", new { quantity = 1, certificate = "COC-SEAL-1", inspectionPassed = true });
        await Factory.Audit.WaitForAsync(e => e.SubjectId == id && e.Action == "parts-reserved" && e.Reason == "reserved 1 x SEAL-9 at wh-" + region + "; short 1 x SEAL-9",
            $"work order {id} reserving the first delivered seal kit");
        Assert.Single((await store.GetAsync("/api/escalations?team=stores"))["items"]!.AsArray(), e => (string?)e!["workOrderId"] == id);

        await store.PostAsync($"/api/purchasing/orders/{purchaseId}/receive", new { quantity = 1, certificate = "COC-SEAL-2", inspectionPassed = true });
        await Factory.Audit.WaitForAsync(e => e.SubjectId == id && e.Action == "parts-reserved" && e.Reason == $"reserved 1 x SEAL-9 at wh-{region}",
            $"work order {id} reserving the second delivered seal kit");
        var arrivals = (await operatorApi.GetAsync($"/api/work-orders/{id}/history"))["items"]!.AsArray().Where(e => (string?)e!["action"] == "parts-arrived");
        Assert.Equal(["stock arrived: reserving 2 x SEAL-9", "stock arrived: reserving 1 x SEAL-9"], arrivals.Select(e => (string?)e!["reason"]));
        var order = await operatorApi.GetAsync($"/api/work-orders/{id}");
        Assert.Equal([($"wh-{region}", "SEAL-9", 2)], order["partsReserved"]!.AsArray().Select(l => ((string?)l!["location"], (string?)l["sku"], (int)l["quantity"]!)));
        var bin = (await store.GetAsync($"/api/bins?location=wh-{region}"))["items"]!.AsArray().Single(b => (string?)b!["sku"] == "SEAL-9")!;
        Assert.Equal((2, 2, 0), ((int)bin["onHand"]!, (int)bin["reserved"]!, (int)bin["available"]!));
        Assert.DoesNotContain((await store.GetAsync("/api/purchasing/suggestions"))["items"]!.AsArray(), l => (string?)l!["sku"] == "SEAL-9" && (int)l["waiting"]! > 0);
        Assert.DoesNotContain((await store.GetAsync("/api/purchasing/orders"))["items"]!.AsArray(), o => (string?)o!["id"] == purchaseId);
        await store.GetAsync("/api/bins?location=not%20an%20id", HttpStatusCode.UnprocessableEntity);
        await tech.GetAsync("/api/bins", HttpStatusCode.Forbidden);
    }
}
