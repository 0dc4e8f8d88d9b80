using System.Net;
using System.Text.Json.Nodes;
using FieldService.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FieldService.Tests.Browser;

/// <summary>Issue 14.5 and 14.8 in the browser: a technician's day on the phone page, from the pushed offer to the
/// clean-up, every step through the page, one taken with the connection cut and one whose answer was lost on the way
/// back; both are sent again with their idempotency keys and recorded once. What other roles do in between
/// (inspection, the support answer) goes over REST as those roles.</summary>
[Collection(BrowserCollection.Name)]
public sealed class TechnicianWorkspaceTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Region = "pw-tech";
    private const string TechnicianId = "t-pw-tech";

    private AppFactory App => browser.App;

    private static async Task ShotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, name + ".png"), FullPage = true });

    private static ILocator Button(ILocator scope, string name) => scope.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = name });

    /// <summary>Unfolds a card's "other steps" unless it is open already (the page remembers it per order).</summary>
    private static async Task OtherStepsAsync(ILocator card)
    {
        if (await card.Locator("details.more").GetAttributeAsync("open") is null)
        {
            await card.Locator("details.more summary").ClickAsync();
        }
    }

    private static Task ConfirmAsync(IPage page) => page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Confirm" }).ClickAsync();

    [Fact]
    public async Task P14_5_a_technician_takes_an_offer_through_every_step_to_the_clean_up_with_steps_replayed_once_after_a_cut_connection()
    {
        var manager = await App.Personas.AsAsync("manager-1", Roles.Manager);
        await manager.PutAsync($"/api/technicians/{TechnicianId}", Intakes.Technician(Region), HttpStatusCode.Created);
        var agent = await App.Personas.AgentAsync();
        var now = App.Time.GetUtcNow();
        var body = Intakes.Body(Region, agreedArrival: false);
        body["agreedArrival"] = new JsonObject { ["from"] = now.AddHours(1), ["to"] = now.AddHours(3) };
        var id = await agent.ReportAsync(body);
        await agent.PostAsync($"/api/work-orders/{id}/triage", new { onSite = true });
        await (await App.Personas.DispatcherAsync()).PostAsync($"/api/work-orders/{id}/dispatch", new { technicianId = TechnicianId });
        var reader = await App.Personas.OperatorAsync();

        var page = await browser.NewPageAsync(viewport: new ViewportSize { Width = 375, Height = 812 });
        await page.GotoAsync("/technician.html");
        await page.FillAsync("#technician", TechnicianId);
        await page.ClickAsync("#join button");
        await Expect(page.Locator("#who")).ToContainTextAsync($"Signed in as Li Wei ({TechnicianId})");
        ILocator Card(string status) => page.Locator($"[data-order='{id}'][data-status='{status}']");

        // P3: the offer, pushed, with its countdown; the fault and the agreed window are on the card.
        await Expect(Card("dispatched").Locator(".countdown")).ToContainTextAsync("P3");
        await Expect(Card("dispatched")).ToContainTextAsync("Rooftop unit blows warm air");
        await Expect(Card("dispatched")).ToContainTextAsync("Agreed arrival");
        await Button(Card("dispatched"), "Accept").ClickAsync();

        // H3: assigned to this technician, the customer's contact is there in full.
        var contact = Card("accepted").Locator("dl.contact");
        await Expect(contact).ToHaveAttributeAsync("data-masked", "false");
        await Expect(contact).ToContainTextAsync("18 Riverside Road");
        await Expect(contact).ToContainTextAsync("+86 21 5555 0101");
        // The place photos.js (built beside this page) mounts the order's photos in.
        await Expect(Card("accepted").Locator($"details.photos [data-order-photos='{id}']")).ToHaveCountAsync(1);

        // P4: set off with an ETA picked on the card, then announce a delay with its reason and new time.
        await Card("accepted").GetByLabel("Arrival in").SelectOptionAsync("60");
        await Button(Card("accepted"), "Set off").ClickAsync();
        await OtherStepsAsync(Card("en-route"));
        await Button(Card("en-route"), "Announce a delay").ClickAsync();
        await page.GetByLabel("Reason for the delay").FillAsync("traffic on the ring road");
        await ConfirmAsync(page);
        await Expect(Card("en-route")).ToContainTextAsync("traffic on the ring road");
        // E2: the customer was contacted.
        await Button(Card("en-route"), "Customer contacted").ClickAsync();
        await page.GetByLabel("How").SelectOptionAsync("phone");
        await ConfirmAsync(page);
        await Expect(Card("en-route")).ToContainTextAsync("Customer contacts: phone call");

        // Arrived, but the answer is lost on the way back (the server took the step): the page keeps the step and
        // sends it again with the same key, which the order recognises.
        var lost = 0;
        await page.RouteAsync("**/api/work-orders/*/arrive", async route =>
        {
            if (Interlocked.Increment(ref lost) == 1)
            {
                await route.FetchAsync();
                await route.AbortAsync();
            }
            else
            {
                await route.ContinueAsync();
            }
        });
        await Button(Card("en-route"), "Arrived").ClickAsync();
        await Expect(page.Locator("#status")).ToContainTextAsync("Sent: Arrived (on site)", new LocatorAssertionsToContainTextOptions { Timeout = 15_000 });
        await page.UnrouteAllAsync();

        // P5: the diagnosis with its estimate and the part it needs.
        await Button(Card("on-site"), "Diagnose").ClickAsync();
        await page.GetByLabel("Cause").FillAsync("control board");
        await page.GetByLabel("Complex fault").CheckAsync();
        await page.GetByLabel("Estimated hours").FillAsync("2");
        await page.GetByLabel("Estimated cost").FillAsync("450");
        await page.GetByLabel("Part number").FillAsync("CB-9000");
        await ConfirmAsync(page);
        await Expect(Card("diagnosed")).ToContainTextAsync("Diagnosis: control board · Estimate: 2 h, 450");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "technician.html with a diagnosed order's card at 375 px");
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the page with a full card fits 375 px without a horizontal scroll");
        await ShotAsync(page, "technician-diagnosed");
        await Button(Card("diagnosed"), "Start repair").ClickAsync();

        // P6 with the connection cut: the progress note waits on the phone, marked as queued, and nothing reaches
        // the server; back online it is sent once.
        await page.Context.SetOfflineAsync(true);
        await Expect(page.Locator("#connection")).ToContainTextAsync("Offline");
        await OtherStepsAsync(Card("in-repair"));
        await Button(Card("in-repair"), "Progress note").ClickAsync();
        await page.GetByLabel("What was done").FillAsync("old board removed");
        await ConfirmAsync(page);
        await Expect(page.Locator("#queue li")).ToHaveCountAsync(1);
        await Expect(page.Locator("#queue li")).ToContainTextAsync("Progress note");
        await Expect(page.Locator("#queue li")).ToContainTextAsync("queued");
        await Expect(Card("in-repair").Locator(".queued")).ToContainTextAsync("Steps waiting to be sent: 1");
        await ShotAsync(page, "technician-offline-queued");
        Assert.Empty((JsonArray)(await reader.GetAsync($"/api/work-orders/{id}"))["progress"]!);
        await page.Context.SetOfflineAsync(false);
        await Expect(page.Locator("#queue li")).ToHaveCountAsync(0);
        await Expect(page.Locator("#status")).ToContainTextAsync("Sent: Progress note");
        await Expect(Card("in-repair")).ToContainTextAsync("old board removed");

        // TS1: a support request, and its answer pushed back to the card.
        await Button(Card("in-repair"), "Ask technical support").ClickAsync();
        await page.GetByLabel("Question").FillAsync("Which firmware goes on the new board?");
        await ConfirmAsync(page);
        await Expect(Card("in-repair").Locator("[data-support='1']")).ToContainTextAsync("waiting for an answer");
        var support = await App.Personas.AsAsync("support-1", Roles.Support);
        await support.PostAsync($"/api/work-orders/{id}/support-answer", new { number = 1, answer = "Firmware 4.2, then recalibrate." });
        await Expect(Card("in-repair").Locator("[data-support='1']")).ToContainTextAsync("Answer: Firmware 4.2, then recalibrate.");
        await Expect(page.Locator("#status")).ToContainTextAsync("Technical support answered #1");

        // P6: waiting for the part the diagnosis named (none in stock: short), then resumed.
        await Button(Card("in-repair"), "Wait for parts").ClickAsync();
        await Expect(page.GetByLabel("Part number")).ToHaveValueAsync("CB-9000");
        await ConfirmAsync(page);
        await Expect(Card("awaiting-parts").Locator("[data-parts='short']")).ToHaveTextAsync("CB-9000 × 1");
        await Button(Card("awaiting-parts"), "Start repair").ClickAsync();

        // P7/Q3: the self-check item by item; the inspection (sampling is Always in tests) passes over REST.
        await Button(Card("in-repair"), "Self-check and complete").ClickAsync();
        var checklist = page.Locator("#step-dialog[open] input[type='checkbox']");
        await Expect(checklist).Not.ToHaveCountAsync(0);
        foreach (var item in await checklist.AllAsync())
        {
            await item.CheckAsync();
        }

        await ConfirmAsync(page);
        await Card("awaiting-inspection").WaitForAsync();
        await Walks.HandOverAsync(App.Personas, reader, id);

        // P7: the customer signs on the phone; P8: the site is cleaned up and the order leaves the list.
        await Button(Card("completed"), "Customer signs").ClickAsync();
        await Expect(page.GetByLabel("signed by")).ToHaveValueAsync("Harbour Hotel");
        // Signed from the keyboard alone (the pointer path is the customer page's test): the name typed is written
        // onto the pad by the button that follows the field.
        await page.GetByLabel("signed by").FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator("#write-signature")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        Assert.True(
            await page.Locator("#signature").EvaluateAsync<bool>("c => c.getContext('2d').getImageData(0, 0, c.width, c.height).data.some((v, i) => i % 4 === 3 && v > 0)"),
            "the pad is still blank after the keyboard signature");
        await ShotAsync(page, "technician-signature");
        await ConfirmAsync(page);
        await Button(Card("customer-accepted"), "Site cleaned up").ClickAsync();
        await page.Locator($"[data-order='{id}']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
        await ShotAsync(page, "technician-done");

        var order = await reader.GetAsync($"/api/work-orders/{id}");
        var history = ((JsonArray)(await reader.GetAsync($"/api/work-orders/{id}/history"))["items"]!).Select(e => (string)e!["action"]!).ToList();
        Assert.Equal("cleaned-up", (string?)order["status"]);
        Assert.Equal("Harbour Hotel", (string?)order["signature"]!["signedBy"]);
        Assert.True(DateTimeOffset.Parse((string)order["eta"]!) > now, $"the ETA picked lies ahead: {order["eta"]}");
        Assert.Equal("traffic on the ring road", (string?)order["delays"]![0]!["reason"]);
        Assert.Equal(2, lost); // the arrival was sent twice…
        Assert.Single(history, a => a == "arrive"); // …and recorded once
        Assert.Single(history, a => a == "progress");
        Assert.Equal(["accept", "en-route", "delay", "contact", "arrive", "diagnosis", "start-repair", "progress", "support-request", "support-answer", "await-parts"],
            history.SkipWhile(a => a != "accept").TakeWhile(a => a != "parts-reserved"));
    }

    [Fact]
    public async Task P14_5_an_unknown_technician_id_says_so_in_the_page()
    {
        var page = await browser.NewPageAsync(locale: "zh-CN");
        await page.GotoAsync("/technician.html");
        await page.FillAsync("#technician", "t-nobody");
        await page.ClickAsync("#join button");

        await Expect(page.Locator("#who.error")).ToHaveTextAsync("不存在编号为 t-nobody 的维修人员：请核对编号，或联系调度登记。");
        await ShotAsync(page, "technician-unknown-zh-CN");
    }
}
