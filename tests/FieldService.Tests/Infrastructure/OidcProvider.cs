using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;

using FieldService.Testing;

namespace FieldService.Tests.Infrastructure;

/// <summary>
/// A real OpenID Connect provider as a separate process: panva's certified <c>oidc-provider</c> from npm in
/// tests/oidc-provider/provider.mjs, with the test users <see cref="Users"/> and its default login form. Started on a
/// free loopback port for one web host (its redirect addresses), ready once its discovery document answers.
/// </summary>
public sealed class OidcProvider : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly ChildProcess process;

    private OidcProvider(ChildProcess process, Uri issuer)
    {
        this.process = process;
        Issuer = issuer;
    }

    /// <summary>The provider's test users (login names); any password is accepted by its development login form.</summary>
    public static readonly string[] Users = ["agent", "dispatcher", "technician", "customer", "manager"];

    public const string WebClientId = "fieldservice-web";
    public const string WebClientSecret = "fieldservice-web-secret";
    public const string CliClientId = "fieldservice-cli";
    public const string CliRedirect = "http://127.0.0.1/callback";

    public Uri Issuer { get; }

    public string Output => process.Output;

    public static async Task<OidcProvider> StartAsync(Uri webHost)
    {
        var folder = Path.GetFullPath(typeof(OidcProvider).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "OidcProviderDirectory").Value!);
        var node = FindNode();
        if (!File.Exists(Path.Combine(folder, "node_modules", "oidc-provider", "package.json")))
        {
            throw new InvalidOperationException(
                $"The OIDC tests run the npm package oidc-provider, which is not installed in {folder}: run 'npm ci' there (the test project's build does it when npm is on the path).");
        }

        var port = FreePorts.Next();
        var start = new ProcessStartInfo(node)
        {
            ArgumentList = { "provider.mjs", port.ToString(System.Globalization.CultureInfo.InvariantCulture), webHost.ToString() },
            WorkingDirectory = folder,
        };
        var child = await ChildProcess.StartAsync(start, line => line.StartsWith("listening ", StringComparison.Ordinal), StartTimeout, "The OpenID provider");
        var provider = new OidcProvider(child, new Uri($"http://127.0.0.1:{port}"));

        // Ready means its discovery document names it as the issuer.
        using var http = new HttpClient();
        var discovery = JsonNode.Parse(await http.GetStringAsync(new Uri(provider.Issuer, "/.well-known/openid-configuration")))!;
        if ((string?)discovery["issuer"] != provider.Issuer.ToString().TrimEnd('/'))
        {
            await provider.DisposeAsync();
            throw new InvalidOperationException($"The provider's discovery document names issuer '{discovery["issuer"]}', expected {provider.Issuer}.");
        }

        return provider;
    }

    /// <summary>Node from the path; the tests fail saying how to install it rather than skip.</summary>
    private static string FindNode()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, "node");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("The OIDC tests run an OpenID provider on Node.js, which is not on the path: install it ('apt-get install -y nodejs npm').");
    }

    public ValueTask DisposeAsync() => process.DisposeAsync();
}
