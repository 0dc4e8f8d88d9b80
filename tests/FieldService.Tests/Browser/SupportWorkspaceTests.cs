using System.Net;
using System.Text.Json.Nodes;
using FieldService.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FieldService.Tests.Browser;

/// <summary>Issue 15.3 and 15.7 in the browser: technical support's workspace on a phone-sized page. A technician asks
/// over REST; the request appears in the inbox pushed, is answered from its card, which then shows the time the answer
/// took, and the technician reads the answer on the order. A new version of a category's standard is edited item by
/// item (a 422 shown by the item's field), published, and lists the order checked against it. axe finds nothing
/// serious.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SupportWorkspaceTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Category = "pw-support-cat";

    private AppFactory App => browser.App;

    private static async Task ShotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, name + ".png"), FullPage = true });

    private static ILocator Button(ILocator scope, string name) => scope.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = name });

    private async Task<(string Id, ApiClient Technician)> InRepairAsync(string technicianId, string category)
    {
        var staff = await App.Personas.OperatorAsync();
        await staff.PutAsync($"/api/technicians/{technicianId}", Intakes.Technician(capacity: 10), HttpStatusCode.Created);
        var body = Intakes.Body();
        body["product"]!["category"] = category;
        return await Walks.InRepairAsync(App.Personas, staff, technicianId, body);
    }

    [Fact]
    public async Task TS1_Q1_support_answers_a_request_the_technician_then_reads_and_publishes_a_standard_version_that_lists_its_orders()
    {
        var (id, technician) = await InRepairAsync("t-pw-support", Category);
        var page = await browser.NewPageAsync(viewport: new ViewportSize { Width = 375, Height = 812 });
        await page.GotoAsync("/support.html");
        await page.ClickAsync("#join button");
        await Expect(page.Locator("#live")).ToContainTextAsync("live #");
        await Expect(page.Locator("#workspaces a[aria-current='page']")).ToHaveAttributeAsync("data-workspace", "support");

        // TS1: asked on the order, pushed into the inbox with the time it has waited.
        await technician.PostAsync($"/api/work-orders/{id}/support-requests", new { question = "Inverter shows E7 after the board swap" });
        var card = page.Locator($"[data-request='{id}/1']");
        await Expect(card).ToHaveAttributeAsync("data-open", "yes");
        await Expect(card).ToContainTextAsync("Inverter shows E7 after the board swap");
        await Expect(card.Locator(".waiting")).ToContainTextAsync("m ");
        await Expect(page.Locator("#inbox-count")).ToContainTextAsync("1 open");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the support page with an open request");
        await ShotAsync(page, "support-inbox-open");

        await App.AdvanceAsync(TimeSpan.FromMinutes(7));
        await card.GetByLabel("your answer").FillAsync("Re-seat the DC link cable, then recalibrate");
        await Button(card, "Send the answer").ClickAsync();
        await Expect(card).ToHaveAttributeAsync("data-open", "no");
        await Expect(card.Locator(".time-taken")).ToHaveTextAsync("after 7m 00s");
        await Expect(page.Locator("#status")).ToContainTextAsync("request 1 answered");
        var order = await technician.GetAsync($"/api/work-orders/{id}");
        Assert.Equal(("Re-seat the DC link cable, then recalibrate", "PT7M"),
            ((string?)order["supportRequests"]![0]!["answer"], (string?)order["supportRequests"]![0]!["timeTaken"]));
        await ShotAsync(page, "support-inbox-answered");

        // Q1: the category has nothing of its own yet; its first version is made item by item.
        await Button(card, $"{Category} standard").ClickAsync();
        await Expect(page.Locator("#versions")).ToContainTextAsync("Nothing published for this category yet");
        var items = page.Locator("#items > li");
        await items.Nth(0).GetByLabel("item id").FillAsync("inverter");
        await items.Nth(0).GetByLabel("what is checked").FillAsync("No error code after a full cycle");
        await items.Nth(0).GetByLabel("how it is checked").FillAsync("Run one cycle, read the display");
        await page.ClickAsync("#add-item");
        await items.Nth(1).GetByLabel("item id").FillAsync("inverter");
        await items.Nth(1).GetByLabel("what is checked").FillAsync("DC link cable seated");
        await items.Nth(1).GetByLabel("how it is checked").FillAsync("Visual and tug test");
        await page.ClickAsync("#publish-button");
        var duplicate = items.Nth(1).GetByLabel("item id");
        await Expect(duplicate).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#publish .field-error")).ToContainTextAsync("listed twice");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the standards editor showing a 422 by its field");
        await duplicate.FillAsync("dc-link");
        await page.GetByLabel("what changed and why").FillAsync("first issue, from the E7 case");
        await page.ClickAsync("#publish-button");
        await Expect(page.Locator("#status")).ToContainTextAsync($"{Category} standard version 1 published");
        await Expect(page.Locator("#versions [data-version='1']")).ToContainTextAsync("2 inspection items");

        // The repair is self-checked against it; the version then lists the order.
        await technician.PostAsync($"/api/work-orders/{id}/complete", new JsonObject
        {
            ["checklist"] = new JsonArray(new JsonObject { ["itemId"] = "inverter", ["passed"] = true }, new JsonObject { ["itemId"] = "dc-link", ["passed"] = true }),
        });
        await Button(page.Locator("#versions [data-version='1']"), "Orders checked against version 1").ClickAsync();
        await Expect(page.Locator($"#uses [data-use='{id}']")).ToContainTextAsync("t-pw-support");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the standards editor with a version's orders");
        await ShotAsync(page, "support-standards");
        Assert.Equal(0, await page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth"));

        // The same page in zh-CN, redrawn in place: the answered card says its time taken in Chinese.
        await page.SelectOptionAsync("#language", "zh-CN");
        await Expect(card.Locator(".time-taken")).ToHaveTextAsync("用时 7分00秒");
        await Expect(page.Locator("#live")).ToContainTextAsync("实时 #");
        await Expect(page.Locator("#inbox-count")).ToContainTextAsync("0 条待答复 · 1 条已答复");
        await Expect(page.Locator("#versions [data-version='1']")).ToContainTextAsync("2 个检验项目");
        await ShotAsync(page, "support-zh-CN");
    }
}
