using System.Net;
using FieldService.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace FieldService.Tests.Http;

/// <summary>Issue 12.8: the Orleans Dashboard is for admins in every mode, the embedded one included, and answers no
/// 500, whatever silo address, grain or page it is asked for.</summary>
public sealed class DashboardTests : IAsyncLifetime
{
    private readonly AppFactory factory = new(settings: new Dictionary<string, string> { ["Orleans:Dashboard"] = "true" });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task Issue12_8_every_dashboard_route_needs_an_admin_and_none_answers_500()
    {
        var silo = factory.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToParsableString();
        var paths = DashboardPaths(silo);
        var anonymous = factory.CreateClient();
        var agent = await factory.Personas.AgentAsync();
        var admin = await factory.Personas.AsAsync("admin-1", Roles.Admin);
        var wrong = new List<string>();

        foreach (var path in paths)
        {
            Expect(wrong, path, "no token", await StatusAsync(anonymous, path), s => s == HttpStatusCode.Unauthorized);
            Expect(wrong, path, "agent", await StatusAsync(agent.Http, path), s => s == HttpStatusCode.Forbidden);
            Expect(wrong, path, "admin", await StatusAsync(admin.Http, path), s => s is HttpStatusCode.OK or HttpStatusCode.NotFound or HttpStatusCode.BadRequest);
        }

        Assert.True(paths.Count >= 22, $"expected the dashboard's routes to be found, got {paths.Count}");
        Assert.Empty(wrong);
        foreach (var route in new[] { "SiloProperties", "SiloMetadata", "SiloStats", "SiloCounters", "HistoricalStats" })
        {
            Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(admin.Http, $"/dashboard/{route}/x"));
            Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(admin.Http, $"/dashboard/{route}/127.0.0.9:1@1"));
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(admin.Http, $"/dashboard/{route}/{silo}"));
        }
    }

    [Fact]
    public async Task Issue12_8_an_admin_opens_the_dashboard_page_with_the_token_in_the_address_once()
    {
        var admin = await factory.Personas.AsAsync("admin-1", Roles.Admin);
        var token = admin.Http.DefaultRequestHeaders.Authorization!.Parameter!;
        var browser = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = true });

        using var page = await browser.GetAsync($"/dashboard/?access_token={token}");
        using var counters = await browser.GetAsync("/dashboard/DashboardCounters");
        var agentToken = (await factory.Personas.AgentAsync()).Http.DefaultRequestHeaders.Authorization!.Parameter!;
        using var refused = await factory.CreateClient().GetAsync($"/dashboard/?access_token={agentToken}");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain("access_token", page.RequestMessage!.RequestUri!.Query, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, counters.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    /// <summary>Every route the dashboard maps, its parameters filled with a bogus value, plus the real silo's.</summary>
    private List<string> DashboardPaths(string silo)
    {
        var paths = new List<string>();
        foreach (var endpoint in factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var raw = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            if (!raw.StartsWith("/dashboard", StringComparison.Ordinal))
            {
                continue;
            }

            var bogus = System.Text.RegularExpressions.Regex.Replace(raw, @"\{[^}]*\}", m => m.Value.Contains(":int", StringComparison.Ordinal) ? "999999" : "x");
            paths.Add(bogus);
            if (bogus.Contains("/x", StringComparison.Ordinal))
            {
                paths.Add(bogus.Replace("/x", "/" + silo, StringComparison.Ordinal));
            }
        }

        paths.Add("/dashboard/GrainState?grainId=x&grainType=nothing");
        paths.Add("/dashboard/Reminders/-1");
        return paths.Distinct().ToList();
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string path)
    {
        // /dashboard/Trace streams the log until the client leaves: the status line is all a test needs.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        return response.StatusCode;
    }

    private static void Expect(List<string> wrong, string path, string who, HttpStatusCode status, Func<HttpStatusCode, bool> ok)
    {
        if (!ok(status))
        {
            wrong.Add($"{who}: GET {path} -> {(int)status}");
        }
    }
}
