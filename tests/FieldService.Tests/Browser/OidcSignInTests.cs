using System.Net;
using System.Text.Json.Nodes;
using FieldService.Tests.Infrastructure;
using Microsoft.Playwright;

namespace FieldService.Tests.Browser;

/// <summary>Issue 14.1 in a real headless Chromium: a dispatcher signs in through a real OpenID provider's login form,
/// reaches the live board (cookie session on the hub), calls the API from the page, sees a push, and signs out.</summary>
[Collection(OidcCollection.Name)]
public sealed class OidcSignInTests(OidcFixture oidc)
{
    private static async Task ShotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, name + ".png"), FullPage = true });

    [Fact]
    public async Task P14_1_a_dispatcher_signs_in_at_the_provider_works_the_live_board_and_signs_out()
    {
        var region = "oidc-pw-" + Guid.NewGuid().ToString("N")[..6];
        var page = await oidc.NewPageAsync();

        // Not signed in: the board sends the browser to the provider's login form.
        await page.GotoAsync($"/dispatch.html?region={region}");
        await page.Locator("input[name='login']").WaitForAsync();
        Assert.StartsWith(oidc.Provider.Issuer.ToString().TrimEnd('/'), page.Url, StringComparison.Ordinal);
        await ShotAsync(page, "oidc-provider-login");
        await page.FillAsync("input[name='login']", "dispatcher");
        await page.FillAsync("input[name='password']", "test-password");
        await page.ClickAsync("button[type='submit']");

        // Back on the board, signed in, its hub live with the session cookie.
        await page.Locator("#live").Filter(new LocatorFilterOptions { HasTextRegex = new System.Text.RegularExpressions.Regex($"^live: {region}") }).WaitForAsync();
        await page.Locator("#me").Filter(new LocatorFilterOptions { HasText = "Dan Dispatcher (dispatcher)" }).WaitForAsync();
        Assert.Null(await page.EvaluateAsync<string?>("sessionStorage.getItem('fieldservice.token.dispatcher')"));

        // The API from the page: a read, and a state-changing call with the antiforgery token the page holds.
        var me = JsonNode.Parse(await page.EvaluateAsync<string>("import('/js/session.js').then(s => s.api(null, 'GET', '/api/me')).then(JSON.stringify)"))!;
        Assert.Equal("dispatcher", (string?)me["subject"]);
        Assert.Equal(["dispatch", "admin"], me["workspaces"]!.AsArray().Select(w => (string)w!["id"]!));
        var technician = Intakes.Technician(region).ToJsonString();
        var saved = await page.EvaluateAsync<string>(
            $"import('/js/session.js').then(s => s.api(null, 'PUT', '/api/technicians/t-{region}', {technician})).then(t => t.id)");
        Assert.Equal($"t-{region}", saved);

        // A push: an order reported by a REST client with the provider's bearer token appears without a reload.
        var agent = OidcSession.Bearer(oidc.BaseAddress, await oidc.BearerTokenAsync("agent"));
        var id = await agent.ReportAsync(Intakes.Body(region, agreedArrival: false));
        await page.Locator($"[data-order='{id}'][data-status='reported']").WaitForAsync();
        await page.Locator($"[data-technician='t-{region}']").WaitForAsync(); // the PUT made from the page, pushed back
        await ShotAsync(page, "oidc-dispatch-board-signed-in");

        // Sign-out ends the host's session and, after the provider's confirmation, the provider's.
        await page.ClickAsync("#sign-out");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Yes, sign me out" }).ClickAsync();
        await page.WaitForURLAsync(new Uri(oidc.BaseAddress, "/").ToString());
        var status = await page.EvaluateAsync<int>("fetch('/api/me').then(r => r.status)");
        Assert.Equal((int)HttpStatusCode.Unauthorized, status);
        await page.GotoAsync($"/dispatch.html?region={region}");
        await page.Locator("input[name='login']").WaitForAsync(); // the provider asks again: its session ended too
        await ShotAsync(page, "oidc-signed-out");
    }

    [Fact]
    public async Task P14_5_a_technician_signed_in_at_the_provider_is_the_technician_the_claims_name_and_takes_an_offer()
    {
        var region = "oidc-tech-" + Guid.NewGuid().ToString("N")[..6];
        var page = await oidc.NewPageAsync();
        await page.GotoAsync("/technician.html");
        await page.FillAsync("input[name='login']", "technician");
        await page.FillAsync("input[name='password']", "test-password");
        await page.ClickAsync("button[type='submit']");

        // No form asks for the id: the provider's technician_id claim (through /api/me) names t-oidc, not yet registered.
        await page.Locator("#who.error").Filter(new LocatorFilterOptions { HasText = "No technician with the id t-oidc" }).WaitForAsync();
        Assert.False(await page.Locator("#join").IsVisibleAsync());

        var manager = OidcSession.Bearer(oidc.BaseAddress, await oidc.BearerTokenAsync("manager"));
        await manager.PutAsync("/api/technicians/t-oidc", Intakes.Technician(region), HttpStatusCode.Created);
        var agent = OidcSession.Bearer(oidc.BaseAddress, await oidc.BearerTokenAsync("agent"));
        var id = await agent.ReportAsync(Intakes.Body(region, agreedArrival: false));
        await agent.PostAsync($"/api/work-orders/{id}/triage", new { onSite = true });
        await OidcSession.Bearer(oidc.BaseAddress, await oidc.BearerTokenAsync("dispatcher"))
            .PostAsync($"/api/work-orders/{id}/dispatch", new { technicianId = "t-oidc" });

        // The offer, pushed over the cookie session's hub; accepted from the page (antiforgery token and idempotency key).
        await page.ReloadAsync();
        await page.Locator("#who").Filter(new LocatorFilterOptions { HasText = "Signed in as Li Wei (t-oidc)" }).WaitForAsync();
        await page.Locator($"[data-order='{id}'][data-status='dispatched']").GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Accept" }).ClickAsync();
        await page.Locator($"[data-order='{id}'][data-status='accepted']").WaitForAsync();
        await ShotAsync(page, "oidc-technician-accepted");
        Assert.Equal("accepted", (string?)(await agent.GetAsync($"/api/work-orders/{id}"))["status"]);
    }
}
