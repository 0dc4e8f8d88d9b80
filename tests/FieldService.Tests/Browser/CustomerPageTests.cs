using System.Net;
using System.Text.RegularExpressions;
using FieldService.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FieldService.Tests.Browser;

/// <summary>Issue 14.6 and 14.8 in the browser: the customer's main task on <c>/customer.html</c> at phone width —
/// report a fault, watch it move through its statuses with the technician, the ETA and the notices pushed to the page
/// (never reloaded, never refreshed by hand), sign the acceptance, answer the survey. What the other roles do in
/// between goes over REST as those roles.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class CustomerPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string CustomerId = "c-pw-customer";
    private const string TechnicianId = "t-pw-customer";
    private static readonly ViewportSize Phone = new() { Width = 375, Height = 812 };

    private AppFactory App => browser.App;

    private static async Task ShotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, name + ".png"), FullPage = true });

    [GeneratedRegex("reported: (?<id>\\S+)")]
    private static partial Regex Reported();

    [GeneratedRegex(@"^\d+m \d+s$")]
    private static partial Regex MinutesSeconds();

    private static async Task<IPage> SignInAsync(IPage page)
    {
        await page.GotoAsync("/customer.html");
        await page.GetByLabel("customer id (demo sign-in)").FillAsync(CustomerId);
        await page.Locator("#join button").ClickAsync();
        await Expect(page.Locator("#live")).ToHaveTextAsync(new Regex("^live #\\d+$"));
        return page;
    }

    /// <summary>P1 on the page's form, by its labels: the product and the fault, then who and where the customer is.</summary>
    internal static async Task ReportOnPageAsync(IPage page, (string Model, string Serial, string Fault) product, (string Name, string Phone, string Address) contact)
    {
        await page.GetByLabel("product model").FillAsync(product.Model);
        await page.GetByLabel("serial number").FillAsync(product.Serial);
        await page.GetByLabel("what is wrong").FillAsync(product.Fault);
        await page.GetByLabel("your name or company").FillAsync(contact.Name);
        await page.GetByLabel("phone").FillAsync(contact.Phone);
        await page.GetByLabel("address").FillAsync(contact.Address);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Report", Exact = true }).ClickAsync();
    }

    private static ILocator Card(IPage page, string id) => page.Locator($"#orders [data-order='{id}']");

    private static async Task StepAsync(ApiClient who, string id, string command, object? body = null) =>
        await who.PostAsync($"/api/work-orders/{id}/{command}", body);

    [Fact]
    public async Task P14_6_a_customer_reports_watches_it_move_live_signs_and_answers_the_survey()
    {
        await (await App.Personas.AsAsync("manager-1", Roles.Manager)).PutAsync($"/api/technicians/{TechnicianId}", Intakes.Technician(), HttpStatusCode.Created);
        var customer = await App.Personas.CustomerAsync(CustomerId);
        var earlier = await customer.ReportAsync(Intakes.Body(agreedArrival: false)); // a card that must never be redrawn below

        await App.AdvanceAsync(TimeSpan.FromMinutes(1)); // the page's report is the newer one
        var page = await browser.NewPageAsync(viewport: Phone);
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);
        await SignInAsync(page);
        await Expect(page.Locator("#account")).ToHaveTextAsync($"Your orders as customer {CustomerId}, updated as they change.");
        await Expect(Card(page, earlier)).ToHaveAttributeAsync("data-status", "reported");
        await Expect(page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Refresh" })).ToHaveCountAsync(0);
        // Marks that survive only if the page is never loaded again, and a count of navigations from here on.
        await page.EvaluateAsync($"() => {{ window.__samePage = true; window.__untouched = document.querySelector(\"[data-order='{earlier}']\"); }}");
        var navigations = 0;
        page.FrameNavigated += (_, frame) => { if (frame == page.MainFrame) navigations++; };

        // P1 on the web: the product, the fault, where and how to reach the customer; the card arrives pushed.
        await ReportOnPageAsync(page, ("Gree KFR-35", "GR-2026-0042", "Blows warm air only"), ("Ms Chen", "+86 21 5555 0199", "8 Lotus Lane"));
        await Expect(page.Locator("#status")).ToContainTextAsync("reported: ");
        var id = Reported().Match(await page.Locator("#status").InnerTextAsync()).Groups["id"].Value;
        var card = Card(page, id);
        await Expect(card).ToHaveAttributeAsync("data-status", "reported");
        await Expect(card.Locator("h3")).ToHaveTextAsync("reported · Gree KFR-35");
        await Expect(page.Locator("#orders [data-order]").First).ToHaveAttributeAsync("data-order", id); // newest first

        // Triage and dispatch by their roles: the status, the technician's name and the notice come pushed.
        await StepAsync(await App.Personas.AgentAsync(), id, "triage", new { onSite = true });
        await Expect(card).ToHaveAttributeAsync("data-status", "triaged");
        await StepAsync(await App.Personas.DispatcherAsync(), id, "dispatch", new { technicianId = TechnicianId });
        await Expect(card).ToHaveAttributeAsync("data-status", "dispatched");
        await Expect(card.Locator(".technician")).ToHaveTextAsync("Your technician: Li Wei");
        await Expect(card.Locator(".notices li[data-kind='dispatch']")).ToContainTextAsync("A technician has been assigned to your repair.");

        // P4: on the way with an ETA, whose countdown ticks in place (the same element, its text changing).
        var technician = await App.Personas.TechnicianAsync(TechnicianId);
        var now = App.Time.GetUtcNow();
        await StepAsync(technician, id, "accept");
        await StepAsync(technician, id, "en-route", new { eta = now.AddMinutes(30) });
        await Expect(card).ToHaveAttributeAsync("data-status", "en-route");
        await Expect(card.Locator(".eta")).ToContainTextAsync("technician expected");
        await Expect(card.Locator(".countdown")).ToHaveTextAsync(MinutesSeconds());
        var before = await card.Locator(".countdown").EvaluateAsync<string>("n => { window.__countdown = n; return n.textContent; }");
        await page.WaitForFunctionAsync($"() => window.__countdown.isConnected && window.__countdown.textContent !== '{before}'");
        await ShotAsync(page, "customer-en-route");

        // P4: a delay's reason and new ETA, and the notice to the customer saying so.
        await StepAsync(technician, id, "delay", new { newEta = now.AddMinutes(50), reason = "traffic on the ring road" });
        await Expect(card.Locator(".delay")).ToContainTextAsync("Delayed: traffic on the ring road.");
        await Expect(card.Locator(".notices li[data-kind='delay']")).ToContainTextAsync("Your technician is delayed (traffic on the ring road); new arrival time");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the customer page with a delayed order, at 375 px");

        // On site, the repair, the self-check and its inspection (sampling pinned Always); then the order asks to be signed.
        await StepAsync(technician, id, "arrive");
        await Expect(card.Locator(".notices li[data-kind='arrive']")).ToContainTextAsync("Your technician has arrived.");
        await Expect(card.Locator(".eta")).ToHaveCountAsync(0);
        foreach (var (command, body) in new (string, object?)[] { ("diagnosis", new { cause = "refrigerant leak", complex = false }), ("start-repair", null) })
        {
            await StepAsync(technician, id, command, body);
        }

        await Expect(card).ToHaveAttributeAsync("data-status", "in-repair");
        await Expect(card.GetByRole(AriaRole.Button)).ToHaveCountAsync(0); // nothing for the customer to do yet
        await StepAsync(technician, id, "complete", Checks.CompleteBody("cooling restored"));
        await Walks.HandOverAsync(App.Personas, customer, id);
        await Expect(card).ToHaveAttributeAsync("data-status", "completed");

        // P7: the signature, drawn on the pad in the dialog the order's allowedActions offer.
        await card.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Sign the acceptance" }).ClickAsync();
        await Expect(page.GetByLabel("name of the person signing")).ToHaveValueAsync("Ms Chen");
        var pad = await page.Locator("#signature").BoundingBoxAsync() ?? throw new InvalidOperationException("the signature pad is not shown");
        await page.Mouse.MoveAsync(pad.X + 20, pad.Y + 40);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(pad.X + 120, pad.Y + 90, new MouseMoveOptions { Steps = 5 });
        await page.Mouse.MoveAsync(pad.X + 220, pad.Y + 30, new MouseMoveOptions { Steps = 5 });
        await page.Mouse.UpAsync();
        await ShotAsync(page, "customer-sign");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign", Exact = true }).ClickAsync();
        await Expect(card).ToHaveAttributeAsync("data-status", "customer-accepted");
        await Expect(page.Locator("#status")).ToHaveTextAsync("signed: thank you");
        var signed = await customer.GetAsync($"/api/work-orders/{id}");
        Assert.Equal("Ms Chen", (string?)signed["signature"]!["signedBy"]);

        // P9 on the web: after the clean-up the order asks for the survey; answering it closes the order.
        await StepAsync(technician, id, "cleanup");
        await card.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Answer the survey" }).ClickAsync();
        await page.GetByLabel("How satisfied are you?").SelectOptionAsync("4");
        await page.GetByLabel("anything else you want to tell us").FillAsync("Quick and tidy");
        await ShotAsync(page, "customer-survey");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Send" }).ClickAsync();
        await Expect(card).ToHaveAttributeAsync("data-status", "closed");
        await Expect(card).ToContainTextAsync("Your rating: 4 of 5. Thank you.");
        var closed = await customer.GetAsync($"/api/work-orders/{id}");
        Assert.Equal((4, "Quick and tidy"), ((int?)closed["callback"]!["satisfaction"], (string?)closed["callback"]!["comments"]));
        await ShotAsync(page, "customer-closed");

        // All of it on the page as first loaded; the untouched order's card was never redrawn.
        Assert.Equal(0, navigations);
        Assert.Empty(errors);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__samePage === true"), "the page was loaded again");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__untouched.isConnected"), $"the card of order {earlier}, which never changed, was redrawn");
    }

    [Fact]
    public async Task P14_6_the_customer_page_in_zh_CN_names_statuses_and_notices_in_Chinese_and_a_409_by_the_current_status()
    {
        await (await App.Personas.AsAsync("manager-1", Roles.Manager)).PutAsync("/api/technicians/t-pw-customer-zh", Intakes.Technician(), HttpStatusCode.Created);
        var customer = await App.Personas.CustomerAsync("c-pw-customer-zh");
        var id = await customer.ReportAsync(Intakes.Body(agreedArrival: false));
        await StepAsync(await App.Personas.AgentAsync(), id, "triage", new { onSite = true });

        var page = await browser.NewPageAsync(locale: "zh-CN", viewport: Phone);
        await page.GotoAsync("/customer.html");
        await page.GetByLabel("客户编号（演示登录）").FillAsync("c-pw-customer-zh");
        await page.Locator("#join button").ClickAsync();
        var card = Card(page, id);
        await Expect(card.Locator("h3")).ToContainTextAsync("已受理");

        await StepAsync(await App.Personas.DispatcherAsync(), id, "dispatch", new { technicianId = "t-pw-customer-zh" });
        await Expect(card.Locator("h3")).ToContainTextAsync("已派单");
        await Expect(card.Locator(".notices li[data-kind='dispatch']")).ToContainTextAsync("已为您的报修指派维修人员。");
        await Expect(card.Locator(".technician")).ToHaveTextAsync("您的维修人员：Li Wei");
        await Expect(page.Locator("#account")).ToHaveTextAsync("客户 c-pw-customer-zh 的工单，状态变化时自动更新。");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the customer page in zh-CN, at 375 px");
        await ShotAsync(page, "customer-zh-CN");

        // A 409: while the customer fills in the survey the page offered, customer service records the callback by
        // phone; the order's push shows it closed, and sending says so in the page's language.
        var technician = await App.Personas.TechnicianAsync("t-pw-customer-zh");
        await Walks.ToRepairAsync(technician, id);
        await StepAsync(technician, id, "complete", Checks.CompleteBody());
        await Walks.HandOverAsync(App.Personas, customer, id);
        await StepAsync(technician, id, "acceptance", new { signedBy = "陈女士", signature = "data:,x" });
        await StepAsync(technician, id, "cleanup");
        await card.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "填写满意度调查" }).ClickAsync();
        await StepAsync(await App.Personas.AgentAsync(), id, "callback", new { satisfaction = 5 });
        await Expect(card).ToHaveAttributeAsync("data-status", "closed");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "提交", Exact = true }).ClickAsync();
        await Expect(page.Locator("#status.error")).ToHaveTextAsync("现在无法执行：工单当前状态为“已关闭”，页面已刷新。");
        await Expect(page.Locator("#survey-dialog")).ToBeHiddenAsync();
        await Expect(card.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await ShotAsync(page, "customer-zh-CN-409");
    }
}
