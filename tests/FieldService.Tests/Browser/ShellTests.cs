using System.Net;
using System.Text.Json.Nodes;
using FieldService.Tests.Infrastructure;
using FieldService.WorkOrders;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FieldService.Tests.Browser;

/// <summary>Issue 14.2 and 14.3 in the browser: every page in the shared shell (person, language switch, workspaces
/// from /api/me), in zh-CN without an untranslated key, fitting a 375 px phone, and asking nothing through
/// prompt/confirm/alert: refusals are shown in the page (422 by its field, 409 with the current status).</summary>
[Collection(BrowserCollection.Name)]
public sealed class ShellTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private AppFactory App => browser.App;

    public static TheoryData<string> Pages => new() { "index", "agent", "dispatch", "technician", "emergency", "support", "customer", "inspector", "admin", "stores", "manager" };

    private static readonly ViewportSize Phone = new() { Width = 375, Height = 740 };

    private static async Task ShotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, name + ".png"), FullPage = true });

    /// <summary>A technician of their own with one order offered to them, so the technician page has a card to draw.</summary>
    private async Task<(string TechnicianId, string OrderId)> OfferAsync(string name)
    {
        var technicianId = $"t-{name}";
        var manager = await App.Personas.AsAsync("manager-1", Roles.Manager);
        await manager.PutAsync($"/api/technicians/{technicianId}", Intakes.Technician(name), HttpStatusCode.Created);
        return (technicianId, await OfferAgainAsync(technicianId, name));
    }

    /// <summary>One more order reported in the region and offered to the technician.</summary>
    private async Task<string> OfferAgainAsync(string technicianId, string region)
    {
        var agent = await App.Personas.AgentAsync();
        var id = await agent.ReportAsync(Intakes.Body(region, agreedArrival: false));
        await agent.PostAsync($"/api/work-orders/{id}/triage", new { onSite = true });
        await (await App.Personas.DispatcherAsync()).PostAsync($"/api/work-orders/{id}/dispatch", new { technicianId });
        return id;
    }

    /// <summary>Opens a page and signs in the way its people do; waits until the shell shows who is signed in.</summary>
    private static async Task OpenAsync(IPage page, string which, string name, string technicianId)
    {
        switch (which)
        {
            case "index":
                await page.GotoAsync("/");
                break;
            case "agent":
                await page.GotoAsync($"/agent.html?region={name}");
                break;
            case "dispatch":
                await page.GotoAsync($"/dispatch.html?region={name}");
                break;
            case "technician":
                await page.GotoAsync("/technician.html");
                await page.FillAsync("#technician", technicianId);
                await page.ClickAsync("#join button");
                break;
            case "emergency":
                await page.GotoAsync("/emergency.html");
                await page.ClickAsync("#join button");
                break;
            case "support":
                await page.GotoAsync("/support.html");
                await page.ClickAsync("#join button");
                break;
            case "inspector":
                await page.GotoAsync("/inspector.html");
                await page.ClickAsync("#join button");
                break;
            case "stores":
                await page.GotoAsync("/stores.html");
                await page.ClickAsync("#join button");
                break;
            case "admin":
                await page.GotoAsync($"/admin.html?region={name}");
                break;
            case "manager":
                await page.GotoAsync($"/manager.html?region={name}");
                await page.ClickAsync("#join button");
                await page.Locator("#compliance tbody tr").First.WaitForAsync();
                break;
            case "customer":
                await page.GotoAsync("/customer.html");
                await page.FillAsync("#customer", $"c-{name}");
                await page.ClickAsync("#join button");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(which), which, "not a page of the platform");
        }

        // Translated: the catalog is loaded and the page's language set.
        await page.WaitForFunctionAsync("!!document.getElementById('language')?.value && document.documentElement.lang === document.getElementById('language').value");
        if (which != "index")
        {
            await page.Locator("#me").WaitForAsync();
            await page.Locator("#workspaces a[aria-current='page']").WaitForAsync();
        }
    }

    // Every element marked for translation shows neither its key nor the English text, no attribute either, and no
    // catalog key leaks into the page's text (i18next answers a missing key with the key).
    private const string Untranslated = """
        async () => {
          const en = await (await fetch('/i18n/en.json')).json();
          const english = (key) => key.split('.').reduce((node, part) => node?.[part], en);
          const bad = [];
          for (const node of document.querySelectorAll('[data-i18n]')) {
            const text = node.textContent.trim();
            const key = node.dataset.i18n;
            if (!text || text === key || text === english(key)) bad.push(`${key}: "${text}"`);
          }
          for (const node of document.querySelectorAll('[data-i18n-attr]')) {
            for (const pair of node.dataset.i18nAttr.split(';')) {
              const [attribute, key] = pair.split(':');
              const value = node.getAttribute(attribute) ?? '';
              if (!value || value === key || value === english(key)) bad.push(`${key} (${attribute}): "${value}"`);
            }
          }
          const groups = Object.keys(en).join('|');
          for (const raw of document.body.innerText.match(new RegExp(`\\b(?:${groups})\\.[A-Za-z0-9-]+`, 'g')) ?? []) bad.push(`raw key: ${raw}`);
          return bad;
        }
        """;

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Languages_each_page_in_zh_CN_has_no_untranslated_key(string which)
    {
        var name = $"pw-zh-{which}";
        var (technicianId, orderId) = await OfferAsync(name);
        var page = await browser.NewPageAsync(locale: "zh-CN");

        await OpenAsync(page, which, name, technicianId);

        Assert.Equal("zh-CN", await page.EvaluateAsync<string>("document.documentElement.lang"));
        if (which == "technician")
        {
            // Script-drawn text too: the offer's status and its buttons.
            var card = page.Locator($"[data-order='{orderId}'][data-status='dispatched']");
            await Expect(card.GetByRole(AriaRole.Button)).ToHaveTextAsync(["接单", "拒单"]);
            await Expect(card.Locator("strong")).ToContainTextAsync("已派单");
            await Expect(card.Locator(".countdown")).ToContainTextAsync("P3 维修人员接单");
        }

        if (which == "agent")
        {
            // The triaged order is open in the agent's region, by its Chinese status name.
            await Expect(page.Locator($"#open [data-order='{orderId}']")).ToContainTextAsync("已派单");
        }

        if (which == "dispatch")
        {
            await Expect(page.Locator("#live")).ToContainTextAsync($"实时：{name}");
            await Expect(page.Locator($"[data-order='{orderId}']")).ToContainTextAsync("P3 维修人员接单");
        }

        if (which != "index")
        {
            // The person's roles by their Chinese names, the workspaces by theirs.
            await Expect(page.Locator("#me")).ToContainTextAsync("（");
            await Expect(page.Locator("#workspaces a[aria-current='page']")).Not.ToHaveTextAsync(new System.Text.RegularExpressions.Regex("[A-Za-z]"));
        }

        Assert.Empty(await page.EvaluateAsync<string[]>(Untranslated));
        await ShotAsync(page, $"zh-CN-{which}");
    }

    public static TheoryData<string, string> PagesInBothLanguages
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var page in Pages)
            {
                data.Add(page, "en-US");
                data.Add(page, "zh-CN");
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(PagesInBothLanguages))]
    public async Task Accessibility_each_page_has_no_critical_or_serious_axe_violation(string which, string locale)
    {
        var name = $"pw-axe-{which}-{locale[..2]}";
        var (technicianId, orderId) = await OfferAsync(name);
        var page = await browser.NewPageAsync(locale: locale, viewport: Phone);

        await OpenAsync(page, which, name, technicianId);
        if (which is "technician" or "dispatch" or "agent")
        {
            // With the script-drawn cards in the page, not only the static frame.
            await page.Locator($"[data-order='{orderId}']").First.WaitForAsync();
        }

        await Accessibility.AssertNoSeriousViolationsAsync(page, $"{which}.html in {locale}");
        await ShotAsync(page, $"axe-{which}-{locale}");
    }

    [Fact]
    public async Task Accessibility_the_check_fails_on_a_page_with_a_serious_violation()
    {
        // The check itself can fail: an image without text and a button without a name are critical for axe.
        var page = await browser.NewPageAsync();
        await page.SetContentAsync("<!doctype html><html lang='en'><head><title>bad</title></head><body><main><img src='data:,'><button></button></main></body></html>");

        var failure = await Assert.ThrowsAnyAsync<Xunit.Sdk.XunitException>(() => Accessibility.AssertNoSeriousViolationsAsync(page, "a bad page"));

        Assert.Contains("image-alt", failure.Message, StringComparison.Ordinal);
        Assert.Contains("button-name", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Languages_the_catalogs_have_the_same_keys_and_placeholders_and_no_empty_value()
    {
        using var http = new HttpClient { BaseAddress = browser.BaseAddress };
        var en = Flatten(JsonNode.Parse(await http.GetStringAsync("/i18n/en.json"))!);
        var zh = Flatten(JsonNode.Parse(await http.GetStringAsync("/i18n/zh-CN.json"))!);

        Assert.Equal(en.Keys.Order(StringComparer.Ordinal), zh.Keys.Order(StringComparer.Ordinal));
        Assert.All(en.Concat(zh), entry => Assert.False(string.IsNullOrWhiteSpace(entry.Value), $"'{entry.Key}' is empty"));
        Assert.All(en, entry => Assert.Equal(Placeholders(entry.Value), Placeholders(zh[entry.Key])));
        // Every status, clause and role the pages name is in the catalogs (P1–P9, Q1–Q4, H, M, E, S1, CS, TS).
        Assert.All(new[] { "P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8", "P9", "Q1", "Q2", "Q3", "Q4", "H", "M", "E", "E2", "S1", "CS", "TS" },
            clause => Assert.StartsWith(clause + " ", zh[$"clause.{clause}"], StringComparison.Ordinal));
        Assert.All(Enum.GetNames<WorkOrderStatus>(), status => Assert.Contains($"status.{Kebab(status)}", zh.Keys));
        Assert.All(Roles.All, role => Assert.Contains($"role.{role}", zh.Keys));
    }

    private static string Kebab(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? $"-{char.ToLowerInvariant(c)}" : char.ToLowerInvariant(c).ToString()));

    private static IEnumerable<string> Placeholders(string text) =>
        System.Text.RegularExpressions.Regex.Matches(text, @"\{\{\w+\}\}").Select(m => m.Value).Order(StringComparer.Ordinal);

    private static Dictionary<string, string> Flatten(JsonNode node, string prefix = "")
    {
        var flat = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in node.AsObject())
        {
            var path = prefix.Length == 0 ? key : $"{prefix}.{key}";
            if (value is JsonObject child)
            {
                foreach (var entry in Flatten(child, path))
                {
                    flat.Add(entry.Key, entry.Value);
                }
            }
            else
            {
                flat.Add(path, (string?)value ?? "");
            }
        }

        return flat;
    }

    [Fact]
    public async Task Languages_the_switch_changes_the_page_at_once_and_is_remembered()
    {
        var page = await browser.NewPageAsync(locale: "en-US");
        await page.GotoAsync("/");
        await Expect(page.Locator("h1")).ToHaveTextAsync("FieldService");

        await page.GetByLabel("Language").SelectOptionAsync("zh-CN");

        await Expect(page.Locator("h1")).ToHaveTextAsync("现场维修服务平台");
        await page.ReloadAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("现场维修服务平台");
        await Expect(page.GetByLabel("语言")).ToHaveValueAsync("zh-CN");
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Shell_each_page_fits_a_375_px_phone_without_horizontal_scrolling(string which)
    {
        var name = $"pw-375-{which}";
        var (technicianId, _) = await OfferAsync(name);
        foreach (var locale in new[] { "en-US", "zh-CN" })
        {
            var page = await browser.NewPageAsync(locale, Phone);
            await OpenAsync(page, which, name, technicianId);

            var (scroll, client) = (await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("document.documentElement.clientWidth"));
            Assert.True(scroll <= client, $"{which} in {locale} is {scroll} px wide on a {client} px screen");
            Assert.Equal("width=device-width, initial-scale=1", await page.Locator("meta[name='viewport']").GetAttributeAsync("content"));
            await ShotAsync(page, $"phone-{locale}-{which}");
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Issue15_every_role_of_the_README_role_table_has_a_workspace_the_shell_links_and_the_host_serves()
    {
        // The role table's first column, e.g. "agent (customer service)": the role is its first word.
        var readme = await File.ReadAllLinesAsync(Path.Combine(Repository.Root(), "README.md"));
        var table = readme.SkipWhile(l => l.Trim() != "| role | may |").Skip(2).TakeWhile(l => l.StartsWith('|')).ToList();
        var roles = table.Select(l => l.Split('|', StringSplitOptions.TrimEntries)[1].Split(' ')[0]).ToList();
        Assert.Equal(Roles.All.Order(), roles.Order());

        foreach (var role in roles)
        {
            var person = await App.Personas.AsAsync($"{role}-shell", role,
                technicianId: role == Roles.Technician ? "t-shell" : null, customerId: role == Roles.Customer ? "c-shell" : null);
            // The pages of the app (the admin's Orleans Dashboard besides is DashboardTests', on a host that mounts it).
            var workspaces = (await person.GetAsync("/api/me"))["workspaces"]!.AsArray().Select(w => (string)w!["path"]!)
                .Where(path => path.EndsWith(".html", StringComparison.Ordinal)).ToList();
            Assert.True(workspaces.Count > 0, $"the role {role} of README's table has no workspace page in GET /api/me");
            foreach (var path in workspaces)
            {
                using var page = await person.Http.GetAsync(path);
                Assert.True(page.IsSuccessStatusCode, $"{role}'s workspace {path} answers {(int)page.StatusCode}");
            }
        }
    }

    [Fact]
    public async Task Shell_the_navigation_offers_the_workspaces_api_me_names_and_no_other()
    {
        var (technicianId, _) = await OfferAsync("pw-nav");
        var page = await browser.NewPageAsync();
        await OpenAsync(page, "technician", "pw-nav", technicianId);

        var me = await (await App.Personas.TechnicianAsync(technicianId)).GetAsync("/api/me");
        var expected = me["workspaces"]!.AsArray().Select(w => (string)w!["path"]!).ToList();
        var links = await page.Locator("#workspaces a[data-workspace]").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        Assert.Equal(expected, links);
        Assert.Contains("/technician.html", links);
        Assert.DoesNotContain("/dispatch.html", links);
    }

    [Fact]
    public async Task Shell_a_technician_works_through_the_page_without_prompt_confirm_or_alert()
    {
        var (technicianId, id) = await OfferAsync("pw-walk");
        var page = await browser.NewPageAsync();
        var dialogs = new List<string>();
        page.Dialog += async (_, dialog) => { dialogs.Add($"{dialog.Type}: {dialog.Message}"); await dialog.DismissAsync(); };
        await OpenAsync(page, "technician", "pw-walk", technicianId);
        ILocator Card(string status) => page.Locator($"[data-order='{id}'][data-status='{status}']");
        async Task PressAsync(string status, string button) =>
            await Card(status).GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = button }).ClickAsync();

        await PressAsync("dispatched", "Accept");
        await PressAsync("accepted", "Set off");
        await PressAsync("en-route", "Arrived");

        // The diagnosis asks in a form: an empty cause is refused by the form, a blank one (spaces) by the server,
        // whose 422 is shown by the field it names.
        await PressAsync("on-site", "Diagnose");
        var cause = page.GetByLabel("Cause");
        await cause.FillAsync("   ");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Confirm" }).ClickAsync();
        await Expect(cause).ToHaveAttributeAsync("aria-invalid", "true");
        var note = page.Locator("#" + await cause.GetAttributeAsync("aria-describedby"));
        await Expect(note).ToBeVisibleAsync();
        await Expect(page.Locator("#step-dialog")).ToBeVisibleAsync();
        await cause.FillAsync("worn fan bearing");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Confirm" }).ClickAsync();
        await Expect(page.Locator("#step-dialog")).ToBeHiddenAsync();

        await PressAsync("diagnosed", "Start repair");
        await PressAsync("in-repair", "Self-check and complete");
        var checklist = page.Locator("#step-dialog[open] input[type='checkbox']");
        await Expect(checklist).Not.ToHaveCountAsync(0); // the standard is read before the dialog opens
        foreach (var item in await checklist.AllAsync())
        {
            await item.CheckAsync();
        }

        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Confirm" }).ClickAsync();
        await Card("awaiting-inspection").WaitForAsync();
        await ShotAsync(page, "technician-walk-awaiting-inspection");

        // A second offer declined with a reason typed into the dialog.
        var second = await OfferAgainAsync(technicianId, "pw-walk");
        await page.Locator($"[data-order='{second}'][data-status='dispatched']").GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Decline" }).ClickAsync();
        await page.GetByLabel("Why decline?").FillAsync("van broke down");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Confirm" }).ClickAsync();
        await page.Locator($"[data-order='{second}']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });

        Assert.Empty(dialogs);
        Assert.Empty(await page.EvaluateAsync<string[]>(
            "Promise.all(['/js/technician.js','/js/customer.js','/js/dispatch.js','/js/emergency.js','/js/admin.js','/js/session.js','/js/shell.js','/js/forms.js'].map(p => fetch(p).then(r => r.text()).then(s => /\\b(prompt|confirm|alert)\\s*\\(/.test(s) ? p : null))).then(a => a.filter(Boolean))"));
    }

    [Fact]
    public async Task Shell_controls_are_labelled_and_usable_by_keyboard()
    {
        var (technicianId, id) = await OfferAsync("pw-keys");
        var page = await browser.NewPageAsync();
        await OpenAsync(page, "technician", "pw-keys", technicianId);
        var card = page.Locator($"[data-order='{id}'][data-status='dispatched']");
        var accept = card.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Accept" });
        await accept.WaitForAsync();

        // Every control has a name: a label, an aria-label or its text.
        Assert.Empty(await page.EvaluateAsync<string[]>("""
            [...document.querySelectorAll('input, select, textarea, button')]
              .filter((c) => !(c.labels?.length || c.getAttribute('aria-label') || c.textContent.trim()))
              .map((c) => c.outerHTML)
            """));

        // The cards are drawn again every second for their countdowns; the focused button keeps the focus.
        await accept.FocusAsync();
        var countdown = card.Locator(".countdown");
        var before = await countdown.TextContentAsync();
        await Expect(countdown).Not.ToHaveTextAsync(before!);
        await Expect(accept).ToBeFocusedAsync();

        // Decline by keyboard: Enter opens the dialog with the focus in its field, Escape closes it, nothing sent.
        var decline = card.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Decline" });
        await decline.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByLabel("Why decline?")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.Locator("#step-dialog")).ToBeHiddenAsync();
        await Expect(card).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Shell_a_409_shows_the_current_status_and_refreshes_the_view()
    {
        var (technicianId, id) = await OfferAsync("pw-409");
        var api = await App.Personas.TechnicianAsync(technicianId);
        foreach (var (command, body) in new (string, object?)[] { ("accept", null), ("en-route", new { }), ("arrive", null) })
        {
            await api.PostAsync($"/api/work-orders/{id}/{command}", body);
        }

        var page = await browser.NewPageAsync();
        await OpenAsync(page, "technician", "pw-409", technicianId);
        await page.Locator($"[data-order='{id}'][data-status='on-site']").GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Diagnose" }).ClickAsync();
        await page.GetByLabel("Cause").FillAsync("loose wire");
        // Meanwhile the order moves on (the technician's other device).
        await api.PostAsync($"/api/work-orders/{id}/diagnosis", new { cause = "worn relay", complex = false });

        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Confirm" }).ClickAsync();

        await Expect(page.Locator("#status.error")).ToContainTextAsync("the order is diagnosed");
        await Expect(page.Locator("#step-dialog")).ToBeHiddenAsync();
        await Expect(page.Locator($"[data-order='{id}'][data-status='diagnosed']").GetByRole(AriaRole.Button)).ToHaveTextAsync(["Start repair"]);
    }

    [Fact]
    public async Task Shell_a_422_on_the_report_form_is_shown_next_to_its_field()
    {
        var page = await browser.NewPageAsync(locale: "zh-CN");
        await OpenAsync(page, "customer", "pw-422", "");
        await page.FillAsync("#name", "   "); // passes the form's own check, not the server's
        foreach (var (field, value) in new[] { ("#phone", "13800000000"), ("#address", "1 Test Road"), ("#model", "AC-1"), ("#serial", "SN-1"), ("#description", "no cold air") })
        {
            await page.FillAsync(field, value);
        }

        await page.Locator("#report button").ClickAsync();

        await Expect(page.Locator("#name")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#" + await page.Locator("#name").GetAttributeAsync("aria-describedby"))).ToHaveTextAsync("为必填项"); // in the page's language: it sends it as Accept-Language
        await Expect(page.Locator("#phone")).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await ShotAsync(page, "customer-422-by-field");
    }
}
