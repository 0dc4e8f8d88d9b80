using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using FieldService.Testing;

namespace FieldService.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium driven by Playwright (never a downloaded browser: <c>playwright install</c> must not run here),
/// and the real web host listening on a port of its own (Kestrel), so the pages, their scripts and the SignalR
/// WebSockets go over real HTTP. The platform's clock starts at the wall clock, so the pages' countdowns are real.
/// One per test class (<c>IClassFixture</c>): a class that moves the clock moves only its own host's.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public AppFactory App { get; } = new(time: new FakeTimeProvider(DateTimeOffset.UtcNow), settings: new Dictionary<string, string>
    {
        ["Dispatch:Automatic"] = "false",
        // A class reports from one client: with a workspace per role, ShellTests' theories alone pass the default 30 a
        // minute. The limit itself is AbuseLimitTests' to prove.
        ["RateLimits:IntakePerMinute"] = "10000",
        // Chat intake (issue 16.3) from an unknown sender lands in a region of its own, seen only by the test that looks.
        [ChatPosts.Setting.Key] = ChatPosts.Setting.Value,
        ["Intake:DefaultRegion"] = FieldService.Tests.Browser.AgentWorkspaceTests.IntakeRegion,
    });

    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    private IPlaywright? playwright;

    /// <summary>Where screenshots go (kept as test output).</summary>
    public static string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        var port = FreePorts.Next();
        App.UseKestrel(port);
        App.StartServer();
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        (playwright, Browser) = await LaunchAsync();
    }

    /// <summary>Playwright driving Debian's headless Chromium, or a failure saying how to install it.</summary>
    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"The browser tests drive Debian's Chromium at {ChromiumPath}, which is not installed: run 'apt-get install -y chromium' (as root).");
        }

        Directory.CreateDirectory(Screenshots);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
        return (playwright, browser);
    }

    /// <summary>A page in <paramref name="locale"/> (what the browser reports as its language: the pages speak English
    /// unless told otherwise), at the given viewport size or Playwright's default.</summary>
    public Task<IPage> NewPageAsync(string locale = "en-US", ViewportSize? viewport = null) => NewPageAsync(Browser, BaseAddress, locale, viewport);

    /// <summary>A page in a context of its own (no cookies shared with other pages).</summary>
    public static async Task<IPage> NewPageAsync(IBrowser browser, Uri baseAddress, string locale = "en-US", ViewportSize? viewport = null)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress.ToString(), Locale = locale, ViewportSize = viewport });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(10_000);
        // Expectations wait on pushes through the hub: on the CI's two busy cores a push has taken over Playwright's
        // 5 s default (the admin roster test). A wait still ends at the first match, so a passing run is as quick.
        Assertions.SetDefaultExpectTimeout(15_000);
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        await App.DisposeAsync();
    }
}

/// <summary>The browser classes run one after another (each with a host and a Chromium of its own): two pages
/// animating at once on two cores would put their waits at risk, not their state.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection
{
    public const string Name = "Browser";
}
