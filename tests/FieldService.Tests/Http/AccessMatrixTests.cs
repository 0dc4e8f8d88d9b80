using System.Net;
using System.Text;
using FieldService.Tests.Infrastructure;
using FieldService.WebHost.Security;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace FieldService.Tests.Http;

/// <summary>
/// Every endpoint the app maps, called with each role's token and with none, answers as the policy table says:
/// 401 without a token, 403 for a role the table does not list, and past authorization (neither 401 nor 403) for
/// one it does; an endpoint that authenticates by a signature (<see cref="AccessPolicy.Signed"/>) answers 401 to an unsigned call from anyone.
/// An endpoint added without an entry in the table fails here (and stops the host from starting).
/// </summary>
public sealed class AccessMatrixTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly AppFactory factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task S1_every_endpoint_answers_every_role_as_the_policy_table_says()
    {
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (
                Method: e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods.Single() ?? "GET",
                Path: "/" + e.RoutePattern.RawText!.TrimStart('/'),
                Name: e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName))
            .ToList();
        var callers = new List<(string Role, ApiClient Client)> { ("(none)", factory.Personas.Anonymous()) };
        foreach (var role in Roles.All)
        {
            callers.Add((role, await factory.Personas.AsAsync("matrix-" + role, role, technicianId: "t-matrix", customerId: "c-matrix")));
        }

        var mismatches = new List<string>();
        foreach (var (method, pattern, name) in endpoints)
        {
            var allowed = AccessPolicy.RolesFor(name, pattern);
            if (allowed is null)
            {
                mismatches.Add($"{method} {pattern} ({name ?? "no name"}) has no entry in the policy table");
                continue;
            }

            // Route values that match their constraints: numbers for {x:int}, the document name, an id for the rest.
            var path = System.Text.RegularExpressions.Regex.Replace(
                pattern.Replace("{documentName}", "v1", StringComparison.Ordinal), @"\{[^}:]+(:int)?\}", m => m.Groups[1].Success ? "1" : "matrix-x");
            foreach (var (role, client) in callers)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method is "POST" or "PUT")
                {
                    request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                }

                using var response = await client.Http.SendAsync(request);
                var status = (int)response.StatusCode;
                var expected = name is not null && AccessPolicy.Signed.Contains(name) ? "401" // no signature, whoever asks
                    : allowed.Length == 0 ? "any but 401/403"
                    : role == "(none)" ? "401"
                    : allowed.Contains(role) ? "any but 401/403" : "403";
                var ok = expected switch
                {
                    "401" => status == 401,
                    "403" => status == 403,
                    _ => status is not (401 or 403) && status < 500,
                };
                if (!ok)
                {
                    mismatches.Add($"{method} {path} as {role}: expected {expected}, got {status}");
                }
            }
        }

        output.WriteLine($"matrix: {endpoints.Count} endpoints x {callers.Count} callers = {endpoints.Count * callers.Count} calls");
        Assert.True(endpoints.Count(e => e.Path.StartsWith("/api/", StringComparison.Ordinal)) >= 27, "expected every API endpoint to be mapped");
        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
    }

    [Fact]
    public void Every_entry_in_the_policy_table_names_an_existing_endpoint()
    {
        var names = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName).OfType<string>().ToHashSet();

        var unused = AccessPolicy.Endpoints.Keys.Except(names).ToList();
        Assert.True(unused.Count == 0, "policy entries without an endpoint: " + string.Join(", ", unused));
    }
}
