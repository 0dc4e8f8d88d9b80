using System.Net;
using System.Text.Json.Nodes;
using FieldService.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FieldService.Tests.Browser;

/// <summary>Issue 14.7/14.8, the dispatcher's main task on <c>/dispatch.html</c>: cards with the fault, the address
/// and live countdowns that update in place; the technician day timeline; an order reassigned on it to another
/// technician by picking and by dragging, with the reason asked in a form and recorded.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DispatcherBoardTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private AppFactory App => browser.App;

    private static async Task ShotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, name + ".png"), FullPage = true });

    /// <summary>Two technicians of a region of its own (the second on leave for an hour today), and orders offered
    /// by hand to the first; the intake has no agreed window, which would lie in the past of the wall clock.</summary>
    private async Task<string[]> OfferedAsync(string region, int orders)
    {
        var staff = await App.Personas.OperatorAsync();
        foreach (var technician in new[] { $"{region}-a", $"{region}-b" })
        {
            var profile = Intakes.Technician(region, capacity: 5);
            profile["name"] = technician == $"{region}-a" ? "Li Wei" : "Zhang Min";
            await staff.PutAsync($"/api/technicians/{technician}", profile, HttpStatusCode.Created);
        }

        // The timeline shows the page's today (the wall clock, the browser's time zone: this machine's): an hour of
        // leave that stays within it, later today before 20:00 and earlier today after, or a run late in the evening
        // would put it on tomorrow and never see it drawn.
        var now = DateTimeOffset.Now;
        var (from, to) = now.Hour < 20 ? (now.AddHours(2), now.AddHours(3)) : (now.AddHours(-3), now.AddHours(-2));
        await staff.PostAsync($"/api/technicians/{region}-b/leave", new { from, to, reason = "training" }, HttpStatusCode.Created);
        var ids = new List<string>();
        for (var n = 0; n < orders; n++)
        {
            var id = await staff.ReportAsync(Intakes.Body(region, agreedArrival: false));
            await staff.PostAsync($"/api/work-orders/{id}/triage", new { onSite = true });
            if (n > 0)
            {
                // The first order stays triaged: the order another push goes to.
                await staff.PostAsync($"/api/work-orders/{id}/dispatch", new { technicianId = $"{region}-a", reason = "nearest" });
            }

            ids.Add(id);
        }

        return [.. ids];
    }

    /// <summary>Script errors of the pages opened by <see cref="BoardAsync"/>: none may occur.</summary>
    private readonly List<string> scriptErrors = [];

    private async Task<IPage> BoardAsync(string region, string locale = "en-US", ViewportSize? viewport = null)
    {
        var page = await browser.NewPageAsync(locale, viewport);
        page.PageError += (_, error) => scriptErrors.Add(error);
        await page.GotoAsync($"/dispatch.html?region={region}");
        await Expect(page.Locator("#live")).ToContainTextAsync(region);
        return page;
    }

    private async Task<JsonArray> HistoryAsync(string id) =>
        (JsonArray)(await (await App.Personas.DispatcherAsync()).GetAsync($"/api/work-orders/{id}/history"))["items"]!;

    [Fact]
    public async Task P2_a_dispatcher_reassigns_on_the_timeline_by_picking_and_by_dragging_and_the_new_technician_gets_the_offer_with_the_reason_in_history()
    {
        const string region = "pw-timeline";
        var (other, picked, dragged) = await OfferedAsync(region, 3) switch { var ids => (ids[0], ids[1], ids[2]) };
        var page = await BoardAsync(region);
        var card = page.Locator($"[data-order='{picked}']");
        await Expect(card.Locator(".fault")).ToHaveTextAsync("Rooftop unit blows warm air");
        await Expect(card.Locator(".address")).ToContainTextAsync("18 Riverside Road"); // H3: a dispatcher sees the address
        await Expect(card.Locator(".countdown")).ToContainTextAsync("P3 accept");
        await Expect(page.Locator($"[data-lane='{region}-a'] [data-item='{picked}']")).ToHaveAttributeAsync("draggable", "true");
        await Expect(page.Locator($"[data-lane='{region}-b'] .tl-leave")).ToContainTextAsync("training");
        await Expect(page.Locator($"[data-lane='{region}-b'] .tl-shift")).Not.ToHaveCountAsync(0);

        // Only what changed is drawn again: while time passes, the countdown's text node ticks in place and nothing
        // is rebuilt; a push for another order leaves this card and its timeline item the very same nodes.
        await page.EvaluateAsync(
            """
            (id) => {
              const card = document.querySelector(`[data-order='${id}']`);
              const text = card.querySelector('.countdown').firstChild;
              window.marked = { card, item: document.querySelector(`[data-item='${id}']`), text, first: text.data };
              window.tally = { ticks: 0, inCard: 0, structural: 0 };
              new MutationObserver((records) => {
                for (const r of records) {
                  if (r.type === 'characterData' && r.target === text) window.tally.ticks++;
                  else if (card.contains(r.target)) window.tally.inCard++;
                  else if (r.type === 'childList') window.tally.structural++;
                }
              }).observe(document.querySelector('main'), { subtree: true, childList: true, attributes: true, characterData: true });
            }
            """, picked);
        try
        {
            await page.WaitForFunctionAsync("() => window.tally.ticks >= 2", null, new PageWaitForFunctionOptions { Timeout = 5000 });
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException($"Waited 5 s for the countdown of {picked} to tick twice in its own text node; it did not (was the card drawn again?).", timeout);
        }

        Assert.Equal(0, await page.EvaluateAsync<int>("() => window.tally.structural"));

        await (await App.Personas.DispatcherAsync()).PostAsync($"/api/work-orders/{other}/dispatch", new { technicianId = $"{region}-b", reason = "free now" });
        await page.Locator($"[data-order='{other}'][data-status='dispatched']").WaitForAsync();
        await page.Locator($"[data-lane='{region}-b'] [data-item='{other}']").WaitForAsync();
        Assert.True(await page.EvaluateAsync<bool>(
            """
            (id) => window.marked.card === document.querySelector(`[data-order='${id}']`)
              && window.marked.item === document.querySelector(`[data-item='${id}']`)
              && window.marked.text === document.querySelector(`[data-order='${id}'] .countdown`).firstChild
              && window.marked.text.data !== window.marked.first
            """, picked), "the untouched card, its timeline item and its countdown's text node stay the same nodes, the countdown ticking");
        Assert.Equal(0, await page.EvaluateAsync<int>("() => window.tally.inCard"));
        Assert.True(await page.EvaluateAsync<int>("() => window.tally.structural") > 0, "the observer saw the other order's card move (so it would see a rebuild)");

        // Pick: the order and the technician from labelled selects; the reason is asked in the dialog, 422 by its field.
        await page.Locator("#reassign-pick").GetByLabel("order").SelectOptionAsync(picked);
        await page.Locator("#reassign-pick").GetByLabel("to technician").SelectOptionAsync($"{region}-b");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Reassign…" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new PageGetByRoleOptions { Name = "Reassign order" });
        await Expect(dialog.GetByLabel("to technician")).ToHaveValueAsync($"{region}-b");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the dispatch board with the reassignment dialog open");
        await dialog.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Reassign", Exact = true }).ClickAsync();
        var reason = dialog.GetByLabel("reason (recorded in the history)");
        await Expect(reason).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(dialog.Locator(".field-error")).ToBeVisibleAsync();
        await ShotAsync(page, "dispatch-reassign-422");
        await reason.FillAsync("nearer to the site after the storm");
        await dialog.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Reassign", Exact = true }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await page.Locator($"[data-lane='{region}-b'] [data-item='{picked}']").WaitForAsync();
        await OfferedToSecondAsync(region, picked, "nearer to the site after the storm");

        // Drag: the item onto the other technician's row; the same form asks for the reason.
        await page.Locator($"[data-item='{dragged}']").DragToAsync(page.Locator($"[data-lane='{region}-b']"),
            new LocatorDragToOptions { TargetPosition = new TargetPosition { X = 20, Y = 20 } });
        await Expect(dialog.GetByLabel("to technician")).ToHaveValueAsync($"{region}-b");
        await reason.FillAsync("first technician's van broke down");
        await reason.PressAsync("Enter");
        await page.Locator($"[data-lane='{region}-b'] [data-item='{dragged}']").WaitForAsync();
        await OfferedToSecondAsync(region, dragged, "first technician's van broke down");
        await Expect(page.Locator($"[data-lane='{region}-a'] .tl-item")).ToHaveCountAsync(0);

        await ShotAsync(page, "dispatch-timeline-reassigned");

        // A step the order has moved past meanwhile: 409, shown with the order's current status.
        await page.Locator($"[data-item='{picked}']").ClickAsync();
        await page.Locator("#reassign-pick").GetByLabel("to technician").SelectOptionAsync($"{region}-a");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Reassign…" }).ClickAsync();
        await (await App.Personas.DispatcherAsync()).PostAsync($"/api/work-orders/{picked}/pull-back", new { reason = "customer rescheduled" });
        await page.Locator($"[data-order='{picked}'][data-status='triaged']").WaitForAsync();
        await reason.FillAsync("back to the first");
        await reason.PressAsync("Enter");
        await Expect(page.Locator("#status")).ToHaveTextAsync("Not possible now: the order is triaged. The view has been refreshed.");
        await Expect(dialog).ToBeHiddenAsync();

        await Accessibility.AssertNoSeriousViolationsAsync(page, "the dispatch board with its timeline");
        Assert.Empty(scriptErrors);
    }

    /// <summary>The second technician now holds the offer (they may accept it) and the history holds the reason.</summary>
    private async Task OfferedToSecondAsync(string region, string id, string reason)
    {
        var second = await App.Personas.TechnicianAsync($"{region}-b");
        var order = await second.GetAsync($"/api/work-orders/{id}");
        Assert.Equal(($"{region}-b", "dispatched"), ((string?)order["technicianId"], (string?)order["status"]));
        Assert.Contains("accept", ((JsonArray)order["allowedActions"]!).Select(a => (string?)a));
        Assert.Contains(await HistoryAsync(id), e => (string?)e!["action"] == "reassign" && ((string?)e["reason"])!.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task P2_the_timeline_and_the_reassignment_form_speak_Chinese_at_phone_width()
    {
        const string region = "pw-timeline-zh";
        var ids = await OfferedAsync(region, 2);
        var page = await BoardAsync(region, "zh-CN", new ViewportSize { Width = 375, Height = 800 });
        await Expect(page.Locator("#timeline-title")).ToHaveTextAsync("维修人员当日时间线");
        await Expect(page.Locator($"[data-order='{ids[1]}'] .address")).ToContainTextAsync("地址");
        await Expect(page.Locator($"[data-lane='{region}-b'] .tl-leave")).ToContainTextAsync("休假");
        await page.Locator($"[data-item='{ids[1]}']").ClickAsync(); // picks the order in the form below
        await Expect(page.Locator("#reassign-order")).ToHaveValueAsync(ids[1]);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "改派…" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog, new PageGetByRoleOptions { Name = "改派工单" })).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 375"), "the page does not scroll sideways at 375 px (only the timeline does)");
        await ShotAsync(page, "dispatch-timeline-zh-CN-375");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the dispatch board in zh-CN at 375 px");
        Assert.Empty(scriptErrors);
    }
}
