using System.Net;
using System.Text.Json.Nodes;
using FieldService.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FieldService.Tests.Browser;

/// <summary>Issue 15.4 and 15.7 in the browser: the manager's main task on <c>/manager.html</c> — on orders taken
/// through the lifecycle over REST by their roles (one repaired, inspected, handed over and called back; one whose offer
/// runs out on the fake clock, a P3 breach; one failed at inspection and reworked, Q4), every clause's figures on
/// screen equal <c>GET /api/reports/compliance</c>'s for the same period and region, and drilling down from a count
/// lists exactly that line's orders, each linking to its audit trail; the charts' figures as tables; the ranking and
/// an assessment; the compliance CSV; axe in en and zh-CN at 375 px; screenshots.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ManagerPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Region = "pw-mgr";
    private static readonly ViewportSize Phone = new() { Width = 375, Height = 740 };

    // The browser host's clock starts at the real time (the pages tick against the browser's): the period is the UTC
    // day the test starts on and the next, so an advance across midnight stays inside it. Taken once, before the
    // seeding moves the clock: read after it, a test started late in the evening looked at the next day only.
    private DateOnly First { get; } = DateOnly.FromDateTime(browser.App.Time.GetUtcNow().UtcDateTime);

    private string Period => $"from={First:yyyy-MM-dd}T00:00:00Z&to={First.AddDays(2):yyyy-MM-dd}T00:00:00Z&region={Region}";

    private string Days => $"from={First:yyyy-MM-dd}&to={First.AddDays(1):yyyy-MM-dd}";
    private AppFactory App => browser.App;

    private static async Task ShotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, name + ".png"), FullPage = true });

    private static string Percent(JsonNode? rate) => rate is null ? "—" : $"{(double)rate * 100:0.0}%";

    private static string[] Ids(JsonNode? list) => list!.AsArray().Select(n => (string)n!).ToArray();

    /// <summary>Three orders of the region through the lifecycle, each step by its role over REST.</summary>
    private async Task<(string Walked, string Late, string Reworked)> SeedAsync()
    {
        var manager = await App.Personas.AsAsync("manager-1", Roles.Manager);
        await manager.PutAsync("/api/technicians/t-pw-mgr-1", Intakes.Technician(Region), HttpStatusCode.Created);
        await manager.PutAsync("/api/technicians/t-pw-mgr-2", Intakes.Technician(Region), HttpStatusCode.Created);
        var staff = await App.Personas.AsAsync("ops-1", Roles.Agent + "+" + Roles.Dispatcher);
        var inspector = await App.Personas.AsAsync("inspector-1", Roles.Inspector);
        var agent = await App.Personas.AgentAsync();

        // Repaired, inspected and passed, signed, cleaned up and called back (satisfaction 4).
        var (walked, first) = await Walks.InRepairAsync(App.Personas, staff, "t-pw-mgr-1", Intakes.Body(Region, agreedArrival: false));
        await first.PostAsync($"/api/work-orders/{walked}/complete", Checks.CompleteBody("cooling restored"));
        await Walks.HandOverAsync(App.Personas, staff, walked);
        await first.PostAsync($"/api/work-orders/{walked}/acceptance", new { signedBy = "Ms Chen", signature = "data:,x" });
        await first.PostAsync($"/api/work-orders/{walked}/cleanup", null);
        await agent.PostAsync($"/api/work-orders/{walked}/callback", new { satisfaction = 4, comments = "fine" });

        // P3: offered to t-pw-mgr-2, who lets the offer run out on the fake clock.
        var late = await staff.ReportAsync(Intakes.Body(Region, agreedArrival: false));
        await staff.PostAsync($"/api/work-orders/{late}/triage", new { onSite = true });
        await staff.PostAsync($"/api/work-orders/{late}/dispatch", new { technicianId = "t-pw-mgr-2" });
        await App.AdvanceAsync(TimeSpan.FromMinutes(16));
        await App.Audit.WaitForAsync(e => e.Action == "breach" && e.SubjectId == late, $"the P3 breach of {late}");

        // Q3/Q4: failed at inspection, reworked and completed again.
        var (reworked, second) = await Walks.InRepairAsync(App.Personas, staff, "t-pw-mgr-2", Intakes.Body(Region, agreedArrival: false));
        await second.PostAsync($"/api/work-orders/{reworked}/complete", Checks.CompleteBody());
        await inspector.PostAsync($"/api/work-orders/{reworked}/inspection", Checks.FailBody("cycles off after 5 minutes"));
        await second.PostAsync($"/api/work-orders/{reworked}/complete", Checks.CompleteBody("thermostat replaced"));
        return (walked, late, reworked);
    }

    private async Task<IPage> OpenAsync(string locale = "en-US", ViewportSize? viewport = null)
    {
        var page = await browser.NewPageAsync(locale, viewport);
        await page.GotoAsync($"/manager.html?{Days}&region={Region}&role=manager");
        await page.Locator("#join button").ClickAsync();
        await Expect(page.Locator("#compliance tbody tr")).ToHaveCountAsync(9);
        return page;
    }

    [Fact]
    public async Task S1_H2_a_dashboard_figure_equals_the_compliance_report_and_drills_down_to_its_orders()
    {
        var (walked, late, reworked) = await SeedAsync();
        var auditor = await App.Personas.AsAsync("auditor-1", Roles.Auditor);
        var report = await auditor.GetAsync($"/api/reports/compliance?{Period}");
        Assert.Equal(3, (int)report["orders"]!);
        Assert.Equal([late], Ids(((JsonArray)report["clauses"]!).Single(c => (string?)c!["clause"] == "P3")!["breachedOrders"]));
        Assert.Equal([reworked], Ids(((JsonArray)report["clauses"]!).Single(c => (string?)c!["clause"] == "Q4")!["metOrders"]));

        var page = await OpenAsync(viewport: Phone);

        // Every line on screen is the endpoint's, figure for figure.
        foreach (var line in (JsonArray)report["clauses"]!)
        {
            var row = page.Locator($"#compliance tr[data-clause='{(string)line!["clause"]!}']");
            await Expect(row.Locator("td.met")).ToHaveTextAsync(((int)line["met"]!).ToString());
            await Expect(row.Locator("td.breached")).ToHaveTextAsync(((int)line["breached"]!).ToString());
            await Expect(row.Locator("td.open")).ToHaveTextAsync(((int)line["open"]!).ToString());
            await Expect(row.Locator("td.rate")).ToHaveTextAsync(Percent(line["rate"]));
        }

        // Drilling down from P3's breached count lists exactly that line's orders; each links to its audit trail.
        await page.Locator("#compliance tr[data-clause='P3'] td.breached button").ClickAsync();
        await Expect(page.Locator("#drill-orders li")).ToHaveCountAsync(1);
        Assert.Equal([late], await page.Locator("#drill-orders li").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.order)"));
        await page.Locator("#compliance tr[data-clause='P3'] td.met button").ClickAsync();
        var p3Met = Ids(((JsonArray)report["clauses"]!).Single(c => (string?)c!["clause"] == "P3")!["metOrders"]);
        await Expect(page.Locator("#drill-orders li")).ToHaveCountAsync(p3Met.Length);
        Assert.Equal(p3Met, await page.Locator("#drill-orders li").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.order)"));
        Assert.Contains(walked, p3Met);
        await page.Locator($"#drill-orders li[data-order='{walked}'] a").ClickAsync();
        await Expect(page.Locator($"#audit tbody tr[data-subject='{walked}'][data-action='callback']")).ToHaveCountAsync(1);
        await Expect(page.Locator("#audit-order")).ToHaveValueAsync(walked);

        // The charts' figures as text: first-time fix 1 of 2 completed (the rework is not one), the callback's 4.
        var kpis = await auditor.GetAsync($"/api/reports/kpis?{Period}");
        var ftf = kpis["period"]!["firstTimeFix"]!;
        await Expect(page.Locator("[data-chart='chart-ftf'] .figure")).ToContainTextAsync($"{(int)ftf["part"]!} of {(int)ftf["whole"]!} ({Percent(ftf["rate"])})");
        await Expect(page.Locator("[data-chart='chart-satisfaction'] .figure")).ToContainTextAsync("mean 4 of 5 over 1 callbacks");
        await Expect(page.Locator("[data-chart='chart-compliance'] canvas")).ToHaveAttributeAsync("role", "img");
        await page.Locator("[data-chart='chart-ftf'] button[data-key='ftf/whole']").ClickAsync();
        Assert.Equal(Ids(ftf["wholeOrders"]), await page.Locator("#drill-orders li").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.order)"));

        // The ranking, and one technician's assessment from it.
        await Expect(page.Locator("#ranking tbody tr")).ToHaveCountAsync(2);
        await page.Locator("#ranking tr[data-technician='t-pw-mgr-2'] button").ClickAsync();
        await Expect(page.Locator("#assessment")).ToContainTextAsync("Assessment of t-pw-mgr-2");
        await Expect(page.Locator("#assessment")).ToContainTextAsync("missed accepts");
        await ShotAsync(page, "manager-dashboard");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the dashboard at 375 px with a drill-down and an assessment open");

        // The compliance CSV is the endpoint's own.
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#csv").ClickAsync());
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Contains($"P3,breached-orders,{late}\r\n", csv, StringComparison.Ordinal);
        Assert.Contains($",region,{Region}\r\n", csv, StringComparison.Ordinal);

        // The same page in zh-CN at 375 px: the figures are the same, the words Chinese.
        var zh = await OpenAsync("zh-CN", Phone);
        await Expect(zh.Locator("#compliance tr[data-clause='P3'] th")).ToHaveTextAsync("P3 接单");
        await Expect(zh.Locator("#compliance tr[data-clause='P3'] td.breached")).ToHaveTextAsync("1");
        await Accessibility.AssertNoSeriousViolationsAsync(zh, "the dashboard in zh-CN at 375 px");
        await ShotAsync(zh, "manager-dashboard-zh-CN");
    }

    [Fact]
    public async Task S1_a_bad_period_is_a_422_next_to_its_field()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync($"/manager.html?from={First:yyyy-MM-dd}&to={First.AddDays(-3):yyyy-MM-dd}&region={Region}");
        await page.Locator("#join button").ClickAsync();

        await Expect(page.Locator("#to")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#filters .field-error")).ToContainTextAsync("after from");
        await Expect(page.Locator("#compliance tbody tr")).ToHaveCountAsync(0);
    }
}
