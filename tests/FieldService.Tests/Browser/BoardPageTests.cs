using System.Net;
using FieldService.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FieldService.Tests.Browser;

/// <summary>The pages in a real headless Chromium against the real web host: what dispatchers, technicians and the
/// emergency team see is pushed to them, and a board that lost its connection catches up without a gap.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BoardPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private AppFactory App => browser.App;

    /// <summary>An intake for the wall clock these tests run on.</summary>
    private static System.Text.Json.Nodes.JsonObject Body(string region) => Intakes.Body(region, agreedArrival: false);

    private static async Task ShotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, name + ".png"), FullPage = true });

    private static async Task<IPage> BoardAsync(BrowserFixture browser, string region)
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync($"/dispatch.html?region={region}"); // the board signs in and watches the region by itself
        await page.Locator("#live").Filter(new LocatorFilterOptions { HasTextRegex = new System.Text.RegularExpressions.Regex($"^live: {region}") }).WaitForAsync();
        return page;
    }

    [Fact]
    public async Task P1_a_dispatcher_sees_a_new_order_appear_within_a_second_of_intake_without_reloading()
    {
        var page = await BoardAsync(browser, "pw-intake");
        var agent = await App.Personas.AgentAsync();

        var id = await agent.ReportAsync(Body("pw-intake"));

        // The page is not reloaded: the card must be pushed within the second.
        await page.Locator($"[data-order='{id}'][data-status='reported']").WaitForAsync(new LocatorWaitForOptions { Timeout = 1000 });
        await ShotAsync(page, "dispatch-board-new-order");
    }

    [Fact]
    public async Task P3_a_technician_accepts_on_their_page_and_the_board_shows_it()
    {
        var dispatcher = await App.Personas.DispatcherAsync();
        var manager = await App.Personas.AsAsync("manager-1", Roles.Manager);
        await manager.PutAsync("/api/technicians/t-pw", Intakes.Technician("pw-accept"), HttpStatusCode.Created);
        var agent = await App.Personas.AgentAsync();
        var id = await agent.ReportAsync(Body("pw-accept"));
        await agent.PostAsync($"/api/work-orders/{id}/triage", new { onSite = true });
        var board = await BoardAsync(browser, "pw-accept");
        var phone = await browser.NewPageAsync();
        await phone.GotoAsync("/technician.html");
        await phone.FillAsync("#technician", "t-pw");
        await phone.ClickAsync("#join button");
        await phone.Locator("#live").Filter(new LocatorFilterOptions { HasText = "live" }).WaitForAsync();

        await dispatcher.PostAsync($"/api/work-orders/{id}/dispatch", new { technicianId = "t-pw" });
        var offer = phone.Locator($"[data-order='{id}'][data-status='dispatched']");
        await offer.Locator(".countdown").Filter(new LocatorFilterOptions { HasText = "P3" }).WaitForAsync();
        await ShotAsync(phone, "technician-offer");
        await offer.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Accept" }).ClickAsync();

        await board.Locator($"[data-order='{id}'][data-status='accepted']").WaitForAsync();
        await phone.Locator($"[data-order='{id}'][data-status='accepted']").WaitForAsync();
        await ShotAsync(board, "dispatch-board-accepted");
    }

    [Fact]
    public async Task Q3_a_technician_self_checks_item_by_item_on_their_page_and_a_failed_item_blocks_completion()
    {
        var manager = await App.Personas.AsAsync("manager-1", Roles.Manager);
        await manager.PutAsync("/api/technicians/t-pw-q", Intakes.Technician("pw-check"), HttpStatusCode.Created);
        var agent = await App.Personas.AgentAsync();
        var id = await agent.ReportAsync(Body("pw-check"));
        await agent.PostAsync($"/api/work-orders/{id}/triage", new { onSite = true });
        await (await App.Personas.DispatcherAsync()).PostAsync($"/api/work-orders/{id}/dispatch", new { technicianId = "t-pw-q" });
        var api = await App.Personas.TechnicianAsync("t-pw-q");
        await Walks.ToRepairAsync(api, id, "fan bearing");

        var board = await BoardAsync(browser, "pw-check");
        var phone = await browser.NewPageAsync();
        var dialogs = new List<string>();
        phone.Dialog += async (_, dialog) => { dialogs.Add(dialog.Message); await dialog.DismissAsync(); };
        await phone.GotoAsync("/technician.html");
        await phone.FillAsync("#technician", "t-pw-q");
        await phone.ClickAsync("#join button");
        var card = phone.Locator($"[data-order='{id}'][data-status='in-repair']");
        var complete = card.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Self-check and complete" });

        // The checklist is a form in the page's dialog, item by item; the first round leaves the safety item unticked.
        await complete.ClickAsync();
        var checklist = phone.Locator("#step-dialog[open] input[type='checkbox']");
        await Expect(checklist).ToHaveCountAsync(3); // the general standard's items
        var safety = phone.Locator("#step-dialog").GetByLabel(new System.Text.RegularExpressions.Regex("^Safety"));
        for (var i = 0; i < 3; i++)
        {
            var item = checklist.Nth(i);
            if (await item.GetAttributeAsync("id") != await safety.GetAttributeAsync("id"))
            {
                await item.CheckAsync();
            }
        }

        await phone.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Confirm" }).ClickAsync();
        // The 422 is shown next to the item it names, and in the status line.
        await phone.Locator("#step-dialog .field-error").Filter(new LocatorFilterOptions { HasText = "'safety' failed" }).WaitForAsync();
        await Expect(safety).ToHaveAttributeAsync("aria-invalid", "true");
        await phone.Locator("#status.error").Filter(new LocatorFilterOptions { HasText = "'safety' failed" }).WaitForAsync();
        Assert.Equal("in-repair", (string?)(await api.GetAsync($"/api/work-orders/{id}"))["status"]);
        await safety.CheckAsync();
        await phone.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Confirm" }).ClickAsync();

        // Q3: the technician's first completion is always inspected; the board shows it waiting for the inspector.
        await board.Locator($"[data-order='{id}'][data-status='awaiting-inspection']").WaitForAsync();
        await Expect(phone.Locator("#step-dialog")).ToBeHiddenAsync();
        Assert.Empty(dialogs);
        await ShotAsync(board, "dispatch-board-awaiting-inspection");
    }

    [Fact]
    public async Task E1_an_emergency_escalation_appears_on_the_console_and_is_acknowledged_there()
    {
        var console = await browser.NewPageAsync();
        await console.GotoAsync("/emergency.html");
        await console.ClickAsync("#join button");
        await console.Locator("#live").Filter(new LocatorFilterOptions { HasText = "live" }).WaitForAsync();
        var agent = await App.Personas.AgentAsync();
        var body = Body("pw-storm");
        body["priority"] = "emergency";
        var id = await agent.ReportAsync(body);

        await App.AdvanceAsync(TimeSpan.FromMinutes(11));
        await App.Audit.WaitForAsync(e => e.SubjectType == "escalation" && e.Action == "raise" && e.WorkOrderId == id, $"the E2 escalation of {id}");
        var escalation = console.Locator("[data-escalation][data-acknowledged='no']").Filter(new LocatorFilterOptions { HasText = id[..8] });
        await escalation.WaitForAsync();
        await ShotAsync(console, "emergency-console-escalation");
        await escalation.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Acknowledge" }).ClickAsync();

        await console.Locator("[data-escalation][data-acknowledged='yes']").Filter(new LocatorFilterOptions { HasText = "acknowledged by em-1" }).WaitForAsync();
    }

    [Fact]
    public async Task S1_a_board_that_lost_its_connection_catches_up_on_what_it_missed_without_a_gap()
    {
        var page = await BoardAsync(browser, "pw-gap");
        var agent = await App.Personas.AgentAsync();
        var first = await agent.ReportAsync(Body("pw-gap"));
        await page.Locator($"[data-order='{first}']").WaitForAsync();
        var before = long.Parse(await page.EvaluateAsync<string>("document.body.dataset.sequence"), System.Globalization.CultureInfo.InvariantCulture);

        await page.EvaluateAsync("window.fieldserviceBoard.connection.stop()");
        var missed = new[] { await agent.ReportAsync(Body("pw-gap")), await agent.ReportAsync(Body("pw-gap")) };
        await page.EvaluateAsync("window.fieldserviceBoard.start()");

        foreach (var id in missed)
        {
            await page.Locator($"[data-order='{id}']").WaitForAsync();
        }

        Assert.Equal(1, await page.EvaluateAsync<int>("window.fieldserviceBoard.snapshots"));
        Assert.Equal(1, await page.EvaluateAsync<int>("window.fieldserviceBoard.catchUps"));
        Assert.Equal(before + 2, long.Parse(await page.EvaluateAsync<string>("document.body.dataset.sequence"), System.Globalization.CultureInfo.InvariantCulture));
        await ShotAsync(page, "dispatch-board-caught-up");
    }
}
