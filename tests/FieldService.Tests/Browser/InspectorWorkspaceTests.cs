using System.Net;
using System.Text.RegularExpressions;
using FieldService.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FieldService.Tests.Browser;

/// <summary>Issue 15.1 and 15.7 in the browser: the inspector's main task through their workspace — a sampled repair
/// pushed into the queue with why it was chosen, inspected item by item against the self-check's standard version,
/// failed with what to rework (the rework and its Q4 clock then show, pushed; the zh-CN page at 375 px without sideways scrolling), reworked by the technician over REST,
/// re-inspected and passed; the sampling tallies against the 10% line; 422s by their fields; zh-CN; axe.</summary>
[Collection(BrowserCollection.Name)]
public sealed class InspectorWorkspaceTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Region = "pw-insp";
    private const string TechnicianId = "t-pw-insp";

    private AppFactory App => browser.App;

    private static async Task ShotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, name + ".png"), FullPage = true });

    private static async Task StartAsync(IPage page, string button)
    {
        await page.GotoAsync("/inspector.html");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = button }).ClickAsync();
        await Expect(page.Locator("#live")).ToContainTextAsync("#");
    }

    [Fact]
    public async Task Q3_Q4_an_inspector_fails_a_repair_sees_it_in_rework_re_inspects_it_and_passes_it()
    {
        var manager = await App.Personas.AsAsync("manager-1", Roles.Manager);
        await manager.PutAsync($"/api/technicians/{TechnicianId}", Intakes.Technician(Region), HttpStatusCode.Created);
        var staff = await App.Personas.AsAsync("ops-1", Roles.Agent + "+" + Roles.Dispatcher);
        var (id, technician) = await Walks.InRepairAsync(App.Personas, staff, TechnicianId, Intakes.Body(Region, agreedArrival: false));

        var page = await browser.NewPageAsync();
        await StartAsync(page, "Start work");

        // Q3: the completion arrives pushed, with why it must be inspected and the standard its self-check answered.
        await technician.PostAsync($"/api/work-orders/{id}/complete", Checks.CompleteBody("cooling restored"));
        var waiting = page.Locator($"#queue [data-order='{id}']");
        await Expect(waiting).ToContainTextAsync("Chosen by the sampling rule");
        // The rule, worded by the page from the catalogs (this host pins the sampling to every completion).
        await Expect(waiting.Locator(".explanation")).ToHaveTextAsync("every completion is inspected (Quality:Sampling = Always)");
        await Expect(waiting).ToContainTextAsync("general version 1");
        await Expect(page.Locator($"#tallies tr[data-scope='technician:{TechnicianId}']")).ToContainTextAsync("100.0%");
        await ShotAsync(page, "inspector-queue");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the inspector workspace with a repair in its queue");

        // The form, item by item against general v1 with what the technician found; nothing chosen is a 422 by item.
        await waiting.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Inspect" }).ClickAsync();
        var items = page.Locator("#items fieldset");
        await Expect(items.Locator("legend")).ToHaveTextAsync([
            "The product works as specified", "Safety devices, earthing and guards are in place", "The reported fault no longer occurs"]);
        await Expect(items.First).ToContainTextAsync("Self-check: passed");
        await Expect(page.Locator("#verdict-order")).ToContainTextAsync("against the general standard, version 1");
        var record = page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Record the verdict" });
        await record.ClickAsync();
        await Expect(items.First).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#verdict .field-error").First).ToContainTextAsync("required");

        // Q4: a failed item without what to rework is a 422 by the notes; with it, the repair goes to rework.
        await items.Nth(0).GetByLabel("fail").CheckAsync();
        await items.Nth(0).GetByLabel("note").FillAsync("door seal leaks");
        await items.Nth(1).GetByLabel("pass").CheckAsync();
        await items.Nth(2).GetByLabel("pass").CheckAsync();
        await record.ClickAsync();
        var notes = page.GetByLabel("what to rework (required when an item fails)");
        await Expect(notes).ToHaveAttributeAsync("aria-invalid", "true");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the inspection form with its 422s");
        await ShotAsync(page, "inspector-form-refused");
        await notes.FillAsync("replace the door seal");
        await record.ClickAsync();
        await Expect(page.Locator("#status")).ToContainTextAsync($"inspection failed: {id} goes back for rework");

        var rework = page.Locator($"#rework [data-order='{id}']");
        await Expect(rework).ToContainTextAsync("To rework: replace the door seal");
        await Expect(rework.Locator(".countdown")).ToHaveTextAsync(new Regex(@"Q4 .* rework due in (23h [45][0-9]m|24h 00m)"));
        await Expect(page.Locator("#queue [data-order]")).ToHaveCountAsync(0);
        await Expect(page.Locator("#inspection")).ToBeHiddenAsync();
        await ShotAsync(page, "inspector-rework");
        var failed = await manager.GetAsync($"/api/work-orders/{id}");
        Assert.Equal("in-repair", (string?)failed["status"]);
        Assert.Equal("replace the door seal", (string?)failed["inspections"]![0]!["notes"]);

        // The same in zh-CN, pushed to a second inspector's page.
        var zh = await browser.NewPageAsync(locale: "zh-CN", viewport: new ViewportSize { Width = 375, Height = 740 });
        await StartAsync(zh, "开始工作");
        var zhRework = zh.Locator($"#rework [data-order='{id}']");
        await Expect(zhRework).ToContainTextAsync("需返工：replace the door seal");
        await Expect(zhRework.Locator(".countdown")).ToContainTextAsync("返工剩余");
        await Expect(zh.Locator("#rework-title")).ToHaveTextAsync("返工中（Q4）");
        await Accessibility.AssertNoSeriousViolationsAsync(zh, "the inspector workspace in zh-CN with a repair in rework");
        Assert.True(await zh.EvaluateAsync<bool>("document.documentElement.scrollWidth <= document.documentElement.clientWidth"),
            "the zh-CN page with a rework card and the tallies scrolls sideways on a 375 px phone");
        await ShotAsync(zh, "inspector-rework-zh-CN");

        // The technician reworks over REST; the repair comes back, to be inspected again.
        await technician.PostAsync($"/api/work-orders/{id}/complete", Checks.CompleteBody("seal replaced"));
        await Expect(waiting).ToContainTextAsync("Reworked after a failed inspection: inspected again");
        await Expect(page.Locator("#rework [data-order]")).ToHaveCountAsync(0);
        await Expect(zh.Locator($"#queue [data-order='{id}']")).ToContainTextAsync("检验不合格后返工：复检");
        // Every user-facing word from the catalogs: the rule is told in Chinese, not in the audit trail's English.
        await Expect(zh.Locator($"#queue [data-order='{id}'] .explanation")).ToHaveTextAsync("上次检验不合格");
        await Expect(waiting.Locator(".explanation")).ToHaveTextAsync("the last inspection failed");

        await waiting.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Inspect" }).ClickAsync();
        await Expect(items.First).ToContainTextAsync("Self-check: passed");
        for (var i = 0; i < 3; i++)
        {
            await items.Nth(i).GetByLabel("pass").CheckAsync();
        }

        await record.ClickAsync();
        await Expect(page.Locator("#status")).ToContainTextAsync($"inspection passed: {id} goes to the customer");
        await Expect(page.Locator($"[data-order='{id}']")).ToHaveCountAsync(0);
        await Expect(zh.Locator($"[data-order='{id}']")).ToHaveCountAsync(0);
        await ShotAsync(page, "inspector-passed");

        var passed = await manager.GetAsync($"/api/work-orders/{id}");
        Assert.Equal("completed", (string?)passed["status"]);
        Assert.Equal([false, true], passed["inspections"]!.AsArray().Select(i => i!["results"]!.AsArray().All(r => (bool)r!["passed"]!)));
        Assert.Equal("inspector-1", (string?)passed["inspections"]![1]!["by"]);
    }
}
