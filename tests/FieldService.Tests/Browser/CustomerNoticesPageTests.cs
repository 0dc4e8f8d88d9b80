using System.Net;
using System.Text.RegularExpressions;
using FieldService.Testing;
using FieldService.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FieldService.Tests.Browser;

/// <summary>The customer page against a host that mails a real SMTP server (issue 16).</summary>
public sealed class MailingBrowserFixture : IAsyncLifetime
{
    public SmtpSink Smtp { get; } = new();

    public AppFactory App { get; }

    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    private IPlaywright? playwright;

    public MailingBrowserFixture() => App = new(time: new FakeTimeProvider(DateTimeOffset.UtcNow), settings: new Dictionary<string, string>
    {
        ["Notifications:Smtp:Host"] = "127.0.0.1",
        ["Notifications:Smtp:Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Notifications:Smtp:Tls"] = "None",
        ["Notifications:Smtp:From"] = "service@fieldservice.example",
    });

    public async Task InitializeAsync()
    {
        await Smtp.StartAsync();
        var port = FreePorts.Next();
        App.UseKestrel(port);
        App.StartServer();
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        (playwright, Browser) = await BrowserFixture.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        await App.DisposeAsync();
        await Smtp.StopAsync();
    }
}

/// <summary>Issue 16 in the browser: each notice on the customer's card says how it went out — redrawn from the push
/// when the delivery is recorded, which changes no version — and the customer opts out of email on the page.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CustomerNoticesPageTests(MailingBrowserFixture fixture) : IClassFixture<MailingBrowserFixture>
{
    private const string CustomerId = "c-pw-notices";

    [Fact]
    public async Task CS3_Issue16_the_customer_page_shows_each_notice_s_delivery_and_saves_an_opt_out_of_email()
    {
        var app = fixture.App;
        var page = await BrowserFixture.NewPageAsync(fixture.Browser, fixture.BaseAddress, viewport: new ViewportSize { Width = 375, Height = 812 });
        await page.GotoAsync("/customer.html");
        await page.GetByLabel("customer id (demo sign-in)").FillAsync(CustomerId);
        await page.Locator("#join button").ClickAsync();
        await Expect(page.Locator("#live")).ToHaveTextAsync(new Regex("^live #\\d+$"));

        var customer = await app.Personas.CustomerAsync(CustomerId);
        var body = Intakes.Body("notices", agreedArrival: false);
        body["customer"]!["phone"] = null;
        body["customer"]!["email"] = "notices@harbour.example";
        var id = await customer.ReportAsync(body);
        var card = page.Locator($"#orders [data-order='{id}']");
        var receipt = card.Locator(".notices li[data-kind='report']");
        await Expect(receipt).ToHaveAttributeAsync("data-delivery", "sent");
        await Expect(receipt).ToContainTextAsync("by email (sent)");
        await Expect(receipt).ToContainTextAsync($"We have your report: repair number {id}.");
        Assert.Contains(fixture.Smtp.Received, m => m.Subject!.Contains(id, StringComparison.Ordinal));

        await page.GetByLabel("no notices by email").CheckAsync();
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.Locator("#notify-status")).ToHaveTextAsync("saved");
        Assert.True((bool)(await customer.GetAsync("/api/me/notification-preferences"))["emailOptOut"]!);

        await (await app.Personas.AsAsync("manager-1", Roles.Manager)).PutAsync("/api/technicians/t-pw-notices", Intakes.Technician("notices"), HttpStatusCode.Created);
        await (await app.Personas.AgentAsync()).PostAsync($"/api/work-orders/{id}/triage", new { onSite = true });
        await (await app.Personas.DispatcherAsync()).PostAsync($"/api/work-orders/{id}/dispatch", new { technicianId = "t-pw-notices" });
        var dispatched = card.Locator(".notices li[data-kind='dispatch']");
        await Expect(dispatched).ToHaveAttributeAsync("data-delivery", "opted-out");
        await Expect(dispatched).ToContainTextAsync("not sent: you opted out");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, "customer-notices.png"), FullPage = true });
    }

    [Fact]
    public async Task Issue16_4_a_notice_the_mail_server_refuses_is_listed_for_customer_service_who_phone_and_record_it()
    {
        var app = fixture.App;
        fixture.Smtp.Refuses = m => m.To.Mailboxes.Any(a => a.Address.StartsWith("bounce", StringComparison.Ordinal));
        var page = await BrowserFixture.NewPageAsync(fixture.Browser, fixture.BaseAddress, viewport: new ViewportSize { Width = 375, Height = 812 });
        await page.GotoAsync("/agent.html?region=unreached");
        await Expect(page.Locator("#live")).ToHaveTextAsync(new Regex("\\d+$"));

        var agent = await app.Personas.AgentAsync();
        var body = Intakes.Body("unreached", agreedArrival: false);
        body["customer"]!["phone"] = "+86 21 5555 0199";
        body["customer"]!["email"] = "bounce@harbour.example";
        var id = await agent.ReportAsync(body);

        // The receipt is refused for good (a 554): the order's card, pushed, lists it for a call.
        var card = page.Locator($"#unreached [data-unreached='{id}']");
        await Expect(card).ToContainTextAsync("1 notice(s) could not be delivered by email or SMS");
        await card.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Show the notices" }).ClickAsync();
        await Expect(card.GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = "Call +86 21 5555 0199" })).ToHaveAttributeAsync("href", "tel:+86 21 5555 0199");
        await Expect(card.Locator("li[data-notice]")).ToContainTextAsync($"We have your report: repair number {id}.");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the agent workspace with a notice to phone, at 375 px");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, "agent-unreached.png"), FullPage = true });

        // Told by phone: recorded on the order and in the audit trail, and the card leaves the list.
        await card.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Told by phone" }).ClickAsync();
        await Expect(card).ToHaveCountAsync(0);
        var order = await agent.GetAsync($"/api/work-orders/{id}");
        Assert.Contains(order["notifications"]!.AsArray(), n => (string?)n!["delivery"]?["status"] == "phoned");
        Assert.DoesNotContain(fixture.Smtp.Received, m => m.To.Mailboxes.Any(a => a.Address == "bounce@harbour.example"));
        var trail = await (await app.Personas.AsAsync("auditor-1", Roles.Auditor)).GetAsync($"/api/audit?workOrderId={id}");
        Assert.Contains(trail["items"]!.AsArray(), e => (string?)e!["action"] == "deliver" && (string?)e["toStatus"] == "phoned"
            && (string?)e["actor"]!["id"] == "agent-1");
    }
}
