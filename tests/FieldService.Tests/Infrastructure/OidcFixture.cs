using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;

using FieldService.Testing;

namespace FieldService.Tests.Infrastructure;

/// <summary>
/// The web host on a real port with sign-in at a real OpenID provider process (<see cref="OidcProvider"/>): the
/// pages' cookie session (BFF), the provider's bearer tokens for REST clients, no dev tokens. The provider names
/// roles and customers its own way (<c>roles</c>, <c>customer_number</c>), so every test also proves the claim mapping.
/// The platform's clock starts at the wall clock: the provider's tokens are judged by it.
/// </summary>
public partial class OidcFixture : IAsyncLifetime
{
    /// <summary>Short, so that a test can let a session run out by moving the clock, within the ID token's hour.</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromMinutes(10);

    private readonly int port = FreePorts.Next();
    private IPlaywright? playwright;
    private IBrowser? browser;

    public OidcFixture() => BaseAddress = new Uri($"http://127.0.0.1:{port}/");

    public Uri BaseAddress { get; }

    public OidcProvider Provider { get; private set; } = null!;

    public AppFactory App { get; private set; } = null!;

    public FakeTimeProvider Time => App.Time;

    /// <summary>The durable mode's connection string, or null for the embedded mode (this fixture's).</summary>
    protected virtual Task<string?> DatabaseAsync() => Task.FromResult<string?>(null);

    /// <summary>Settings on top of the sign-in ones.</summary>
    protected virtual IReadOnlyDictionary<string, string> MoreSettings { get; } = new Dictionary<string, string>();

    public async Task InitializeAsync()
    {
        Provider = await OidcProvider.StartAsync(BaseAddress);
        var settings = new Dictionary<string, string>
        {
            ["Auth:DevTokens"] = "false",
            ["Auth:Authority"] = Provider.Issuer.ToString(),
            ["Auth:RequireHttpsMetadata"] = "false",
            ["Auth:Audience"] = "fieldservice",
            ["Auth:Oidc:ClientId"] = OidcProvider.WebClientId,
            ["Auth:Oidc:ClientSecret"] = OidcProvider.WebClientSecret,
            ["Auth:Oidc:Scopes"] = "openid profile fieldservice",
            ["Auth:Oidc:RoleClaim"] = "roles",
            ["Auth:Oidc:CustomerIdClaim"] = "customer_number",
            ["Auth:Oidc:SessionLifetime"] = SessionLifetime.ToString(),
        };
        foreach (var (key, value) in MoreSettings)
        {
            settings[key] = value;
        }

        App = new AppFactory(await DatabaseAsync(), new FakeTimeProvider(DateTimeOffset.UtcNow), settings);
        App.UseKestrel(port);
        App.StartServer();
    }

    /// <summary>The browser, started on first use (the HTTP tests need none); each page in a context of its own, so
    /// each signs in as its own person.</summary>
    public async Task<IPage> NewPageAsync(string locale = "en-US", ViewportSize? viewport = null)
    {
        if (browser is null)
        {
            (playwright, browser) = await BrowserFixture.LaunchAsync();
        }

        return await BrowserFixture.NewPageAsync(browser, BaseAddress, locale, viewport);
    }

    /// <summary>Signs <paramref name="user"/> in the way a browser does, through the host's <c>/auth/sign-in</c> and the
    /// provider's login form, and returns the cookie session with its antiforgery token.</summary>
    public async Task<OidcSession> SignInAsync(string user)
    {
        var session = new OidcSession(BaseAddress);
        using var form = await session.Raw.GetAsync("/auth/sign-in?returnUrl=/api/me");
        var page = await form.Content.ReadAsStringAsync();
        Assert.True(form.StatusCode == HttpStatusCode.OK && page.Contains("name=\"login\"", StringComparison.Ordinal),
            $"expected the provider's login form at {form.RequestMessage?.RequestUri}, got {(int)form.StatusCode}: {page}");
        using var signedIn = await SubmitLoginAsync(session.Raw, form.RequestMessage!.RequestUri!, page, user);
        var me = await signedIn.Content.ReadAsStringAsync();
        Assert.True(signedIn.StatusCode == HttpStatusCode.OK && signedIn.RequestMessage!.RequestUri!.AbsolutePath == "/api/me",
            $"expected to land on /api/me signed in as {user}, got {(int)signedIn.StatusCode} at {signedIn.RequestMessage?.RequestUri}: {me}\n{Provider.Output}");
        await session.LoadAntiforgeryAsync();
        return session;
    }

    /// <summary>A REST client's access token for <paramref name="user"/>: the authorization-code flow with PKCE of the
    /// provider's public client, through its login form, as a command-line tool would do it with a browser.</summary>
    public async Task<string> BearerTokenAsync(string user)
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(verifier)));
        using var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        using var http = new HttpClient(handler);
        var authorize = new Uri(Provider.Issuer, "/auth?" + string.Join('&',
            $"client_id={OidcProvider.CliClientId}", "response_type=code", $"redirect_uri={Uri.EscapeDataString(OidcProvider.CliRedirect)}",
            "scope=openid", $"code_challenge={challenge}", "code_challenge_method=S256", "state=cli-state"));
        var (formUri, formPage) = await FollowAsync(http, authorize);
        var login = LoginRequest(formUri, formPage, user);
        using var submitted = await http.SendAsync(login);
        var (callback, page) = await FollowAsync(http, submitted.Headers.Location is { } next ? new Uri(formUri, next) : formUri);
        var code = System.Web.HttpUtility.ParseQueryString(callback.Query)["code"]
            ?? throw new InvalidOperationException($"The provider sent no code to {callback}: {page}");
        using var exchange = await http.PostAsync(new Uri(Provider.Issuer, "/token"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = OidcProvider.CliRedirect,
            ["client_id"] = OidcProvider.CliClientId,
            ["code_verifier"] = verifier,
        }));
        var tokens = await exchange.Content.ReadAsStringAsync();
        Assert.True(exchange.IsSuccessStatusCode, $"the provider refused the code: {tokens}");
        return (string)JsonNode.Parse(tokens)!["access_token"]!;
    }

    /// <summary>Follows redirects by hand until a page answers or the client's own redirect address is reached.</summary>
    private static async Task<(Uri At, string Page)> FollowAsync(HttpClient http, Uri start)
    {
        var at = start;
        for (var hops = 0; hops < 10; hops++)
        {
            if (at.ToString().StartsWith(OidcProvider.CliRedirect, StringComparison.Ordinal))
            {
                return (at, "");
            }

            using var response = await http.GetAsync(at);
            if (response.Headers.Location is not { } location)
            {
                return (at, await response.Content.ReadAsStringAsync());
            }

            at = new Uri(at, location);
        }

        throw new InvalidOperationException($"More than 10 redirects from {start}.");
    }

    private static Task<HttpResponseMessage> SubmitLoginAsync(HttpClient http, Uri formUri, string page, string user) =>
        http.SendAsync(LoginRequest(formUri, page, user));

    /// <summary>The provider's login form, filled in (its development form takes any password).</summary>
    private static HttpRequestMessage LoginRequest(Uri formUri, string page, string user)
    {
        var action = FormAction().Match(page);
        Assert.True(action.Success, $"no login form at {formUri}: {page}");
        return new HttpRequestMessage(HttpMethod.Post, new Uri(formUri, WebUtility.HtmlDecode(action.Groups[1].Value)))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["prompt"] = "login", ["login"] = user, ["password"] = "test-password" }),
        };
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GeneratedRegex("<form[^>]*action=\"([^\"]+)\"")]
    private static partial Regex FormAction();

    public virtual async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        if (Provider is not null)
        {
            await Provider.DisposeAsync();
        }
    }
}

/// <summary>A browser-like client of the host: its cookie session, and the antiforgery token of <c>GET /auth/session</c>.</summary>
public sealed class OidcSession : IDisposable
{
    private readonly HttpClientHandler handler = new() { CookieContainer = new CookieContainer(), AllowAutoRedirect = true };
    private readonly Uri baseAddress;

    public OidcSession(Uri baseAddress)
    {
        this.baseAddress = baseAddress;
        Raw = new HttpClient(handler, disposeHandler: false) { BaseAddress = baseAddress };
    }

    /// <summary>The cookie jar's client, without the antiforgery header.</summary>
    public HttpClient Raw { get; }

    public CookieContainer Cookies => handler.CookieContainer;

    public string Antiforgery { get; private set; } = "";

    public async Task LoadAntiforgeryAsync()
    {
        var state = JsonNode.Parse(await Raw.GetStringAsync("/auth/session"))!;
        Assert.True((bool?)state["signedIn"] == true, $"expected a signed-in session, got {state}");
        Antiforgery = (string)state["antiforgery"]!;
    }

    /// <summary>Calls with the cookie; <paramref name="antiforgery"/> adds the token as the pages do.</summary>
    public ApiClient Api(bool antiforgery = true)
    {
        var client = new HttpClient(handler, disposeHandler: false) { BaseAddress = baseAddress };
        if (antiforgery)
        {
            client.DefaultRequestHeaders.Add(WebHost.Security.SessionSetup.AntiforgeryHeader, Antiforgery);
        }

        return new ApiClient(client);
    }

    /// <summary>A REST client with a bearer token, on the same host.</summary>
    public static ApiClient Bearer(Uri baseAddress, string token)
    {
        var client = new HttpClient { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new ApiClient(client);
    }

    public void Dispose()
    {
        Raw.Dispose();
        handler.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class OidcCollection : ICollectionFixture<OidcFixture>
{
    public const string Name = "Oidc";
}
