using System.Net;
using System.Text.Json.Nodes;
using FieldService.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace FieldService.Tests.Http;

/// <summary>Issue 14.1 and 14.2 over HTTP against a real OpenID provider process: the cookie session of the pages
/// (BFF), <c>GET /api/me</c> per role, antiforgery, session renewal, bearer tokens of REST clients, and the hubs.</summary>
[Collection(OidcCollection.Name)]
public sealed class OidcSessionTests(OidcFixture oidc)
{
    public static TheoryData<string, string, string?, string?, string> People => new()
    {
        // user, roles, technician id, customer id (mapped from the provider's customer_number), workspaces
        { "agent", "agent", null, null, "agent" },
        { "dispatcher", "dispatcher", null, null, "dispatch,admin" },
        { "technician", "technician", "t-oidc", null, "technician" },
        { "customer", "customer", null, "c-oidc", "customer" },
        { "manager", "manager", null, null, "dispatch,emergency,admin,stores,manager" },
        { "inspector", "inspector", null, null, "inspector" },
    };

    [Theory]
    [MemberData(nameof(People))]
    public async Task P14_2_me_names_the_signed_in_person_their_roles_records_and_the_workspaces_the_policy_table_allows(
        string user, string roles, string? technicianId, string? customerId, string workspaces)
    {
        using var session = await oidc.SignInAsync(user);

        var me = await session.Api().GetAsync("/api/me");

        Assert.Equal(user, (string?)me["subject"]);
        Assert.False(string.IsNullOrEmpty((string?)me["name"]));
        Assert.NotEqual(user, (string?)me["name"]); // the provider's display name, not the login
        Assert.Equal(roles.Split(','), me["roles"]!.AsArray().Select(r => (string)r!));
        Assert.Equal(technicianId, (string?)me["technicianId"]);
        Assert.Equal(customerId, (string?)me["customerId"]);
        Assert.Equal(workspaces, string.Join(',', me["workspaces"]!.AsArray().Select(w => (string)w!["id"]!)));
    }

    [Fact]
    public async Task P14_1_a_state_changing_cookie_call_without_the_antiforgery_token_is_refused_and_changes_nothing()
    {
        using var session = await oidc.SignInAsync("agent");
        var region = "oidc-csrf-" + Guid.NewGuid().ToString("N")[..6];

        var refused = await session.Api(antiforgery: false).PostAsync("/api/work-orders", Intakes.Body(region, agreedArrival: false), HttpStatusCode.BadRequest);
        Assert.Contains("antiforgery", (string?)refused["title"], StringComparison.OrdinalIgnoreCase);
        var forged = new Dictionary<string, string> { [WebHost.Security.SessionSetup.AntiforgeryHeader] = "forged" };
        await session.Api(antiforgery: false).PostAsync("/api/work-orders", Intakes.Body(region, agreedArrival: false), HttpStatusCode.BadRequest, forged);
        Assert.Empty((await session.Api().GetAsync($"/api/work-orders?region={region}"))["items"]!.AsArray());

        // With the token, as the pages send it, the same call goes through.
        var id = await session.Api().ReportAsync(Intakes.Body(region, agreedArrival: false));
        Assert.Single((await session.Api().GetAsync($"/api/work-orders?region={region}"))["items"]!.AsArray(), o => (string?)o!["id"] == id);
    }

    [Fact]
    public async Task P14_1_a_rest_client_calls_the_api_with_the_providers_bearer_token_and_needs_no_antiforgery_token()
    {
        var token = await oidc.BearerTokenAsync("customer");
        var client = OidcSession.Bearer(oidc.BaseAddress, token);

        var me = await client.GetAsync("/api/me");
        Assert.Equal("customer", (string?)me["subject"]);
        Assert.Equal("c-oidc", (string?)me["customerId"]);
        Assert.Equal(["customer"], me["roles"]!.AsArray().Select(r => (string)r!));
        var id = await client.ReportAsync(Intakes.Body("oidc-bearer", agreedArrival: false));
        Assert.Equal("c-oidc", (string?)(await client.GetAsync($"/api/work-orders/{id}"))["customerId"]);

        // A token that is not the provider's is refused.
        await OidcSession.Bearer(oidc.BaseAddress, token[..^4] + "AAAA").GetAsync("/api/me", HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task P14_1_without_a_session_the_api_answers_401_and_does_not_redirect()
    {
        using var anonymous = new OidcSession(oidc.BaseAddress);

        await anonymous.Api().GetAsync("/api/me", HttpStatusCode.Unauthorized);
        var state = JsonNode.Parse(await anonymous.Raw.GetStringAsync("/auth/session"))!;
        Assert.Equal("oidc", (string?)state["mode"]);
        Assert.False((bool)state["signedIn"]!);
        // A forged or replayed answer of the provider is refused as a problem, never a 500.
        using var forged = await anonymous.Raw.GetAsync("/signin-oidc?code=forged&state=forged&iss=" + Uri.EscapeDataString(oidc.Provider.Issuer.ToString()));
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal("application/problem+json", forged.Content.Headers.ContentType?.MediaType);
        // Dev tokens are off with a provider: no token for anyone.
        await anonymous.Api().PostAsync("/api/dev/tokens", new { userId = "x", roles = new[] { "admin" } }, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task P14_1_an_ended_session_is_renewed_at_the_provider_without_the_login_form_while_its_session_lives()
    {
        using var session = await oidc.SignInAsync("dispatcher");
        await session.Api().GetAsync("/api/me");

        oidc.Time.Advance(OidcFixture.SessionLifetime + TimeSpan.FromMinutes(1));
        await session.Api().GetAsync("/api/me", HttpStatusCode.Unauthorized);

        // What a page does on a 401: back through the host's sign-in; the provider still knows the person.
        using var renewed = await session.Raw.GetAsync("/auth/sign-in?returnUrl=/api/me");
        var body = await renewed.Content.ReadAsStringAsync();
        Assert.True(renewed.StatusCode == HttpStatusCode.OK && renewed.RequestMessage!.RequestUri!.AbsolutePath == "/api/me",
            $"expected the session renewed without a form, got {(int)renewed.StatusCode} at {renewed.RequestMessage?.RequestUri}: {body}");
        Assert.Equal("dispatcher", (string?)JsonNode.Parse(body)!["subject"]);
    }

    [Fact]
    public async Task P14_1_a_hub_takes_the_session_cookie_pushes_to_it_and_refuses_a_foreign_origin()
    {
        using var session = await oidc.SignInAsync("dispatcher");
        var region = "oidc-hub-" + Guid.NewGuid().ToString("N")[..6];
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(oidc.BaseAddress, "/hubs/dispatch"), o => o.Cookies = session.Cookies)
            .AddJsonProtocol(o => FieldServiceJson.Configure(o.PayloadSerializerOptions))
            .Build();
        var pushed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<Boards.BoardDelta>("delta", d =>
        {
            if (d.Change.Order is { } order)
            {
                pushed.TrySetResult(order.Id);
            }
        });
        await connection.StartAsync();
        await connection.InvokeCoreAsync<WebHost.Boards.BoardJoin>("JoinRegion", [region, null, null]);

        using var agent = await oidc.SignInAsync("agent");
        var id = await agent.Api().ReportAsync(Intakes.Body(region, agreedArrival: false));
        Assert.Equal(id, await pushed.Task.WaitAsync(TimeSpan.FromSeconds(10)));

        // A client with the provider's bearer token (WebSocket, access_token) joins the same hub.
        await using var bearer = new HubConnectionBuilder()
            .WithUrl(new Uri(oidc.BaseAddress, "/hubs/dispatch"), o => o.AccessTokenProvider = async () => await oidc.BearerTokenAsync("manager"))
            .AddJsonProtocol(o => FieldServiceJson.Configure(o.PayloadSerializerOptions))
            .Build();
        await bearer.StartAsync();
        var joined = await bearer.InvokeCoreAsync<WebHost.Boards.BoardJoin>("JoinRegion", [region, null, null]);
        Assert.Contains(joined.Snapshot!.Orders, o => o.Id == id);

        // Cross-site WebSocket hijacking comes from another origin: refused before the hub.
        using var foreign = new HttpRequestMessage(HttpMethod.Post, "/hubs/dispatch/negotiate?negotiateVersion=1");
        foreign.Headers.Add("Origin", "http://evil.example");
        using var answer = await session.Raw.SendAsync(foreign);
        Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
    }
}
