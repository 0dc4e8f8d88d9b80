using System.Net;
using System.Text.RegularExpressions;
using FieldService.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FieldService.Tests.Browser;

/// <summary>Issue 15.2 and 15.7 in the browser: the storekeeper's main task through their workspace — a repair waits
/// for a part nobody stocks, its shortage alert is pushed onto the page, the purchase suggestion becomes a purchase
/// order, the delivery is received against it with its certificate, and the waiting order's reservation is made (the
/// bin's row shows it pushed, the order has it over REST); the ledger filtered by that order; a stocktake whose
/// approval the page refuses to the person who counted and a second storekeeper approves live; zh-CN at 375 px; axe.</summary>
[Collection(BrowserCollection.Name)]
public sealed class StoresPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Region = "pw-stores";
    private const string TechnicianId = "t-pw-stores";
    private const string Sku = "PW-GASKET-1";
    private const string Warehouse = "wh-" + Region;
    private const string Bin = Warehouse + "|" + Sku;

    private AppFactory App => browser.App;

    private static async Task ShotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, name + ".png"), FullPage = true });

    private static async Task StartAsync(IPage page, string user, string button)
    {
        await page.GotoAsync("/stores.html");
        await page.FillAsync("#user", user);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = button }).ClickAsync();
        await Expect(page.Locator("#live")).ToContainTextAsync("#");
    }

    private static ILocator Dialog(IPage page) => page.Locator("#step-dialog");

    private static Task ConfirmAsync(IPage page, string name = "Confirm") =>
        Dialog(page).GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = name }).ClickAsync();

    [Fact]
    public async Task M1_M3_a_shortage_alert_becomes_a_purchase_order_whose_receipt_is_reserved_for_the_waiting_order()
    {
        var store = await App.Personas.AsAsync("store-rest", Roles.Storekeeper);
        await store.PutAsync("/api/suppliers/pw-acme", new { name = "PW Acme", qualified = true });
        await store.PutAsync($"/api/parts/{Sku}", new { name = "Door gasket", unit = "pc", unitCost = 12.5, categories = new[] { "hvac" }, critical = false, partClass = "C" });
        var manager = await App.Personas.AsAsync("manager-1", Roles.Manager);
        await manager.PutAsync($"/api/technicians/{TechnicianId}", Intakes.Technician(Region), HttpStatusCode.Created);
        var staff = await App.Personas.AsAsync("ops-1", Roles.Agent + "+" + Roles.Dispatcher);
        var (id, technician) = await Walks.InRepairAsync(App.Personas, staff, TechnicianId, Intakes.Body(Region, agreedArrival: false));

        var page = await browser.NewPageAsync();
        await StartAsync(page, "store-1", "Start work");

        // M3: the technician waits for two gaskets that no bin holds; the shortage task arrives pushed.
        await technician.PostAsync($"/api/work-orders/{id}/await-parts", new { parts = new[] { new { sku = Sku, quantity = 2 } } });
        var alert = page.Locator($"#alerts [data-clause='M3'][data-subject='{id}']");
        await Expect(alert).ToContainTextAsync($"waits for 2 x {Sku}");
        await Expect(alert).ToContainTextAsync("an order waits for parts");
        await ShotAsync(page, "stores-shortage");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the stores workspace with a shortage alert");

        // M1: the suggestion for the warehouse bin nobody stocked yet becomes a purchase order from a qualified supplier.
        var suggestion = page.Locator($"#suggestions [data-suggestion='{Bin}']");
        await Expect(suggestion).ToContainTextAsync("Door gasket");
        await suggestion.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Order" }).ClickAsync();
        await Dialog(page).GetByLabel("supplier").SelectOptionAsync("pw-acme");
        await Expect(Dialog(page).GetByLabel("quantity")).ToHaveValueAsync("2");
        await ConfirmAsync(page);
        await Expect(page.Locator("#status")).ToContainTextAsync($"2 × {Sku}");
        var purchaseOrder = page.Locator($"#purchase-orders tr[data-bin='{Bin}']");
        await Expect(purchaseOrder).ToContainTextAsync("pw-acme");
        await Expect(page.Locator($"#suggestions [data-suggestion='{Bin}']")).ToHaveCountAsync(0);

        // The receipt needs its certificate of conformity: without it, a 422 by the field, in the dialog.
        await purchaseOrder.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Receive" }).ClickAsync();
        var certificate = Dialog(page).GetByLabel("certificate of conformity");
        await certificate.EvaluateAsync("input => input.removeAttribute('required')");
        await ConfirmAsync(page);
        await Expect(certificate).ToHaveAttributeAsync("aria-invalid", "true");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the receipt dialog with its 422");
        await certificate.FillAsync("COC-PW-1");
        await ConfirmAsync(page);
        await Expect(page.Locator("#status")).ToContainTextAsync("2 of 2 received");
        await Expect(page.Locator($"#purchase-orders tr[data-bin='{Bin}']")).ToHaveCountAsync(0);

        // M3: the delivery is reserved for the waiting order at once: the bin's row shows it pushed, the order has it.
        var row = page.Locator($"#bins tr[data-bin='{Bin}']");
        await Expect(row.Locator("td")).ToHaveTextAsync(["2", "2", "0", "0", "0", "0"]);
        await App.Audit.WaitForAsync(e => e.SubjectId == id && e.Action == "parts-reserved" && e.Reason!.Contains($"2 x {Sku} at {Warehouse}", StringComparison.Ordinal),
            $"work order {id} reserving the two delivered gaskets");
        var order = await manager.GetAsync($"/api/work-orders/{id}");
        Assert.Equal([(Warehouse, Sku, 2)], order["partsReserved"]!.AsArray().Select(l => ((string?)l!["location"], (string?)l["sku"], (int)l["quantity"]!)));
        Assert.Equal("awaiting-parts", (string?)order["status"]);
        await ShotAsync(page, "stores-reserved");

        // The bin's ledger: the receipt with its certificate, the reservation; filtered by the order, only the latter.
        await row.GetByRole(AriaRole.Button).ClickAsync();
        var ledger = page.Locator("#ledger tbody tr");
        await Expect(ledger).ToHaveCountAsync(2);
        await Expect(page.Locator("#ledger tbody tr[data-kind='receive']")).ToContainTextAsync("certificate COC-PW-1");
        await page.GetByLabel("work order").FillAsync(id);
        await page.Locator("#ledger-filter").GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Show" }).ClickAsync();
        await Expect(ledger).ToHaveCountAsync(1);
        await Expect(ledger.First).ToHaveAttributeAsync("data-kind", "reserve");

        // M2: a count; its approval by the same storekeeper is refused beside who approves, with the rule said on the page.
        await page.Locator("#bin-actions").GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Count" }).ClickAsync();
        await Dialog(page).GetByLabel("units found").FillAsync("3");
        await ConfirmAsync(page);
        var stocktake = page.Locator($"#stocktakes [data-stocktake='{Bin}']");
        await Expect(stocktake).ToContainTextAsync("counted 3 (variance +1) by store-1");
        await Expect(page.Locator("#second-person")).ToHaveTextAsync("A count changes the book only when someone other than who counted approves it (M2).");
        await stocktake.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Approve the count" }).ClickAsync();
        await ConfirmAsync(page);
        await Expect(page.Locator("#approver-error")).ToContainTextAsync("someone other than who counted");
        await Expect(page.Locator("#approver")).ToHaveAttributeAsync("aria-describedby", "approver-error");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the approval refused to the person who counted");
        await ShotAsync(page, "stores-second-person");
        await Dialog(page).GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Cancel" }).ClickAsync();

        // A second storekeeper, on a phone in zh-CN, sees the pending count and approves it; both pages follow live.
        var zh = await browser.NewPageAsync(locale: "zh-CN", viewport: new ViewportSize { Width = 375, Height = 740 });
        await StartAsync(zh, "store-2", "开始工作");
        var zhStocktake = zh.Locator($"#stocktakes [data-stocktake='{Bin}']");
        await Expect(zhStocktake).ToContainTextAsync("store-1");
        await Expect(zh.Locator("#stocktakes-title")).ToHaveTextAsync("盘点");
        await Accessibility.AssertNoSeriousViolationsAsync(zh, "the stores workspace in zh-CN at 375 px");
        Assert.True(await zh.EvaluateAsync<bool>("document.documentElement.scrollWidth <= document.documentElement.clientWidth"),
            "the zh-CN stores page scrolls sideways on a 375 px phone");
        await ShotAsync(zh, "stores-zh-CN");
        await zhStocktake.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "批准盘点" }).ClickAsync();
        await ConfirmAsync(zh, "确认");
        await Expect(zh.Locator("#status")).ToContainTextAsync(new Regex("账面现为 3"));
        await Expect(row.Locator("td").First).ToHaveTextAsync("3");
        await Expect(page.Locator($"#stocktakes [data-stocktake='{Bin}']")).ToHaveCountAsync(0);
        Assert.Equal(3, (int)(await store.GetAsync($"/api/bins/{Warehouse}/{Sku}"))["onHand"]!);

        // The unreserved unit goes to the technician's van; the van's new bin arrives pushed on both pages.
        await page.Locator("#bin-actions").GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Transfer" }).ClickAsync();
        await Expect(Dialog(page).GetByLabel("from location")).ToHaveValueAsync(Warehouse);
        await Dialog(page).GetByLabel("to location").FillAsync($"van-{TechnicianId}");
        await ConfirmAsync(page);
        await Expect(page.Locator("#status")).ToContainTextAsync($"1 × {Sku} from {Warehouse} to van-{TechnicianId}: done");
        await Expect(page.Locator($"#bins tr[data-bin='van-{TechnicianId}|{Sku}'] td").First).ToHaveTextAsync("1");
        await Expect(zh.Locator($"#bins tr[data-bin='van-{TechnicianId}|{Sku}'] td").First).ToHaveTextAsync("1");
        await Expect(row.Locator("td")).ToHaveTextAsync(["2", "2", "0", "0", "0", "0"]);
    }
}
