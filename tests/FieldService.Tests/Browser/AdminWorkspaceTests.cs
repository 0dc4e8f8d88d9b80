using System.Globalization;
using System.Net;
using FieldService.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FieldService.Tests.Browser;

/// <summary>Issue 15.5/15.7, the admin and dispatch lead's main task on <c>/admin.html</c>: a technician registered
/// on the page with skills and a weekly shift, shown live from the region's stream; an order that waits while the
/// shift does not cover the hour and is offered to them the moment the shift is corrected; leave recorded and
/// cancelled; the emergency team's roster and another escalation team's edited, and a plan saved as a new version;
/// rosters and plans saved elsewhere pushed into the page.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AdminWorkspaceTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private AppFactory App => browser.App;

    private static async Task ShotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, name + ".png"), FullPage = true });

    private readonly List<string> scriptErrors = [];

    private async Task<IPage> WorkspaceAsync(string region, string locale = "en-US", ViewportSize? viewport = null)
    {
        var page = await browser.NewPageAsync(locale, viewport);
        page.PageError += (_, error) => scriptErrors.Add(error);
        await page.GotoAsync($"/admin.html?region={region}");
        await Expect(page.Locator("#live")).ToContainTextAsync(region);
        return page;
    }

    /// <summary>A shift of every weekday, in whole hours of the host's clock: <paramref name="from"/> to
    /// <paramref name="to"/> hours from the current hour (UTC, as the schedule is).</summary>
    private (string Start, string End) Hours(int from, int to)
    {
        var hour = App.Time.GetUtcNow().UtcDateTime.Hour;
        string At(int offset) => TimeOnly.FromTimeSpan(TimeSpan.FromHours(((hour + offset) % 24 + 24) % 24)).ToString("HH:mm", CultureInfo.InvariantCulture);
        return (At(from), At(to));
    }

    private static async Task SetShiftAsync(IPage page, (string Start, string End) hours)
    {
        var row = page.Locator("#shift-rows .shift").First;
        await row.Locator("[data-field$='.start']").FillAsync(hours.Start);
        await row.Locator("[data-field$='.end']").FillAsync(hours.End);
        await page.Locator("#shifts button:not([type])").ClickAsync();
    }

    [Fact]
    public async Task Admin_a_technician_registered_with_a_weekly_shift_on_the_page_receives_an_offer_once_the_shift_covers_the_hour()
    {
        const string region = "pw-admin";
        const string id = "pw-admin-t1";
        var page = await WorkspaceAsync(region);

        // Register: record, skill and level, capacity.
        await page.ClickAsync("#new-technician");
        await page.GetByLabel("technician id").FillAsync(id);
        await page.Locator("#p-name").FillAsync("Wang Fang");
        await Expect(page.Locator("#p-region")).ToHaveValueAsync(region);
        await page.Locator("#p-capacity").FillAsync("2");
        await page.Locator("[data-field='skills[0].name']").FillAsync("hvac");
        await page.Locator("[data-field='skills[0].level']").SelectOptionAsync("4");
        await page.ClickAsync("#profile button:not([type])");
        await Expect(page.Locator("#status")).ToHaveTextAsync($"{id} registered");
        // The row comes from the region's stream (the page only redraws rows it was pushed).
        var row = page.Locator($"[data-technician='{id}']");
        await Expect(row).ToContainTextAsync("Wang Fang");
        await Expect(row.Locator(".load")).ToHaveTextAsync("0/2");

        // A shift without a day is refused next to its days.
        await page.ClickAsync("#add-shift");
        await page.ClickAsync("#shifts button:not([type])");
        await Expect(page.Locator("#shift-rows fieldset[aria-invalid='true'] + .field-error")).ToContainTextAsync("at least one day");

        // Every day, but hours that do not cover now: the order asked of automatic dispatch waits, off shift.
        foreach (var box in await page.Locator("#shift-rows input[type=checkbox]").AllAsync())
        {
            await box.CheckAsync();
        }

        var later = Hours(3, 5);
        await SetShiftAsync(page, later);
        await Expect(row).ToContainTextAsync($"{later.Start}–{later.End}");
        var agent = await App.Personas.AgentAsync();
        var order = await agent.ReportAsync(Intakes.Body(region, agreedArrival: false));
        await agent.PostAsync($"/api/work-orders/{order}/triage", new { onSite = true });
        await (await App.Personas.DispatcherAsync()).PostAsync($"/api/work-orders/{order}/dispatch", new { });
        await Expect(page.Locator($"#queue [data-queued='{order}']")).ToContainTextAsync("off-shift");
        await Expect(row.Locator(".load")).ToHaveTextAsync("0/2");
        await ShotAsync(page, "admin-waiting-off-shift");

        // The shift corrected on the page: the technician is free to work, and dispatch offers them the order.
        var now = Hours(-1, 3);
        await SetShiftAsync(page, now);
        await Expect(row.Locator(".load")).ToHaveTextAsync("1/2");
        await Expect(page.Locator($"#queue [data-queued='{order}']")).ToHaveCountAsync(0);
        var offered = await (await App.Personas.TechnicianAsync(id)).GetAsync($"/api/work-orders/{order}");
        Assert.Equal(("dispatched", id), ((string?)offered["status"], (string?)offered["technicianId"]));

        // Leave: recorded, shown, cancelled.
        var tomorrow = App.Time.GetLocalNow().AddDays(1);
        await page.Locator("#l-from").FillAsync(tomorrow.ToString("yyyy-MM-dd'T'09:00", CultureInfo.InvariantCulture));
        await page.Locator("#l-to").FillAsync(tomorrow.ToString("yyyy-MM-dd'T'17:00", CultureInfo.InvariantCulture));
        await page.Locator("#l-reason").FillAsync("training");
        await page.ClickAsync("#leave button:not([type])");
        var leave = page.Locator("#leave-list [data-leave]");
        await Expect(leave).ToContainTextAsync("training");
        var record = await (await App.Personas.DispatcherAsync()).GetAsync($"/api/technicians/{id}");
        Assert.Equal("training", (string?)record["leave"]![0]!["reason"]);
        await leave.GetByRole(AriaRole.Button, new() { Name = "Cancel leave" }).ClickAsync();
        await Expect(leave).ToHaveCountAsync(0);
        Assert.Empty((await (await App.Personas.DispatcherAsync()).GetAsync($"/api/technicians/{id}"))["leave"]!.AsArray());

        await Accessibility.AssertNoSeriousViolationsAsync(page, "the admin workspace with a technician, shifts and the queue");
        await ShotAsync(page, "admin-technician-offered");
        Assert.Empty(scriptErrors);
    }

    [Fact]
    public async Task E1_the_roster_is_edited_on_the_page_and_a_plan_saved_again_becomes_its_next_version()
    {
        var page = await WorkspaceAsync("pw-admin-teams");
        var emergency = await App.Personas.AsAsync("em-1", Roles.Emergency);

        // Saved elsewhere, pushed here: a plan the emergency team wrote.
        await emergency.PutAsync("/api/emergency/plans/pw-pushed", new { name = "Pushed plan", steps = new[] { "call the lead" } });
        await Expect(page.Locator("#plan-list [data-plan='pw-pushed']")).ToHaveAttributeAsync("data-version", "1");

        // Nobody on call is refused (E1) and changes nothing.
        foreach (var box in await page.Locator("#roster-rows input[type=checkbox]").AllAsync())
        {
            await box.UncheckAsync();
        }

        await page.ClickAsync("#add-member");
        var member = page.Locator("#roster-rows .member").Last;
        await member.Locator("[data-field$='.id']").FillAsync("em-7");
        await member.Locator("[data-field$='.name']").FillAsync("Zhou Qiang");
        await member.Locator("[data-field$='.role']").FillAsync("lead");
        await page.ClickAsync("#roster button:not([type])");
        await Expect(page.Locator("#roster-rows[aria-invalid='true'] + .field-error")).ToContainTextAsync("on call");
        Assert.DoesNotContain("em-7", (await emergency.GetAsync("/api/emergency/roster")).ToJsonString(), StringComparison.Ordinal);

        await member.GetByRole(AriaRole.Checkbox).CheckAsync();
        await page.ClickAsync("#roster button:not([type])");
        await Expect(page.Locator("#status")).ToContainTextAsync("1 on call");
        Assert.Contains("em-7", (await emergency.GetAsync("/api/emergency/roster")).ToJsonString(), StringComparison.Ordinal);

        // Another escalation team's roster: the stores' escalations (low stock, shortages) go to its member on call.
        await page.Locator("#team").SelectOptionAsync("stores");
        await Expect(page.Locator("#roster-rows .member")).ToHaveCountAsync(0);
        await page.ClickAsync("#add-member");
        var keeper = page.Locator("#roster-rows .member").Last;
        await keeper.Locator("[data-field$='.id']").FillAsync("sk-2");
        await keeper.Locator("[data-field$='.name']").FillAsync("Liu Yang");
        await keeper.Locator("[data-field$='.role']").FillAsync("storekeeper");
        await keeper.GetByRole(AriaRole.Checkbox).CheckAsync();
        // Waited for by its answer: the status still says the emergency roster's "1 members, 1 on call", so the text
        // alone matched at once, and a manager's save pushed before this answer was then drawn over by it.
        await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#roster button:not([type])"),
            r => r.Request.Method == "PUT" && r.Url.EndsWith("/api/teams/stores/roster", StringComparison.Ordinal));
        await Expect(page.Locator("#status")).ToContainTextAsync("1 members, 1 on call");
        var stores = (await (await App.Personas.DispatcherAsync()).GetAsync("/api/teams/stores/roster"))["items"]!.AsArray();
        Assert.Equal(("sk-2", true), ((string?)stores.Single()!["id"], (bool)stores.Single()!["onCall"]!));

        // A manager's save of the same roster elsewhere is pushed into the rows shown.
        await (await App.Personas.AsAsync("manager-1", Roles.Manager)).PutAsync("/api/teams/stores/roster",
            new { members = new[] { new { id = "sk-3", name = "Chen Jie", role = "storekeeper", onCall = true } } });
        await Expect(page.Locator("#roster-rows [data-field='members[0].id']")).ToHaveValueAsync("sk-3");

        // A plan, then a revision of it: version 1, then version 2, each by the signed-in person.
        await page.Locator("#e-type").FillAsync("pw-major-equipment");
        await page.Locator("#e-name").FillAsync("Major equipment failure");
        await page.Locator("#e-steps").FillAsync("secure the site\nrestore power");
        await page.ClickAsync("#plan button:not([type])");
        var plan = page.Locator("#plan-list [data-plan='pw-major-equipment']");
        await Expect(plan).ToHaveAttributeAsync("data-version", "1");
        await plan.GetByRole(AriaRole.Button, new() { Name = "Revise pw-major-equipment" }).ClickAsync();
        await Expect(page.Locator("#e-steps")).ToHaveValueAsync("secure the site\nrestore power");
        await page.Locator("#e-steps").FillAsync("secure the site\ncall the utility\nrestore power");
        await page.ClickAsync("#plan button:not([type])");
        await Expect(plan).ToHaveAttributeAsync("data-version", "2");
        await Expect(plan.Locator("ol li")).ToHaveCountAsync(3);
        await Expect(plan).ToContainTextAsync("admin-1");
        await plan.GetByRole(AriaRole.Button, new() { Name = "Versions of pw-major-equipment" }).ClickAsync();
        await Expect(plan.Locator("[data-versions] li")).ToHaveCountAsync(2);
        await Expect(plan.Locator("[data-versions] li[data-version='1']")).ToContainTextAsync("secure the site → restore power");
        await Expect(plan.Locator("[data-versions] li[data-version='2']")).ToContainTextAsync("secure the site → call the utility → restore power");

        await Accessibility.AssertNoSeriousViolationsAsync(page, "the admin workspace with a roster and a plan");
        await ShotAsync(page, "admin-roster-plan");
        Assert.Empty(scriptErrors);
    }

    [Fact]
    public async Task Admin_the_workspace_in_zh_CN_on_a_phone_says_its_refusals_in_Chinese()
    {
        var page = await WorkspaceAsync("pw-admin-zh", "zh-CN", new ViewportSize { Width = 375, Height = 740 });
        await Expect(page.Locator("h1")).ToHaveTextAsync("维修人员与值班");
        await page.ClickAsync("#new-technician");
        await page.Locator("#p-id").FillAsync("no spaces allowed");
        await page.ClickAsync("#profile button:not([type])");
        // An id that is not an identifier: a 422 by its field.
        await Expect(page.Locator("#p-id[aria-invalid='true']")).ToHaveCountAsync(1);
        await Expect(page.Locator("#status")).ToHaveClassAsync("error");
        var (scroll, client) = (await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("document.documentElement.clientWidth"));
        Assert.True(scroll <= client, $"the admin workspace in zh-CN is {scroll} px wide on a {client} px screen");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the admin workspace in zh-CN at 375 px");
        await ShotAsync(page, "admin-zh-CN-phone");
        Assert.Empty(scriptErrors);
    }
}
