using System.Diagnostics;

using FieldService.Testing;

namespace FieldService.Tests.Infrastructure;

/// <summary>
/// The web host as a separate operating-system process, built beside the tests, so a test can kill it without
/// warning (SIGKILL) the way a crash or a pulled plug would, then start it again on the same ports.
/// </summary>
public sealed class WebHostProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly ChildProcess process;

    private WebHostProcess(ChildProcess process) => this.process = process;

    public Uri BaseAddress { get; private init; } = null!;

    public string Output => process.Output;

    /// <summary>Free loopback ports for HTTP, the silo and the gateway; pass the same ones to a restart.</summary>
    public static (int Http, int Silo, int Gateway) Ports() => (FreePorts.Next(), FreePorts.Next(), FreePorts.Next());

    /// <summary>The signing key the process's tokens are checked against (at least 32 bytes).</summary>
    public const string SigningKey = "fieldservice-tests-signing-key-0123456789abcdef";

    /// <summary>Starts the web host co-hosting a silo of the durable cluster on <paramref name="connectionString"/>;
    /// <paramref name="settings"/> (configuration keys as in appsettings, e.g. <c>Dispatch:Automatic</c>) override the defaults.</summary>
    public static async Task<WebHostProcess> StartAsync(
        string connectionString, (int Http, int Silo, int Gateway) ports, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var assembly = Path.Combine(AppContext.BaseDirectory, "FieldService.WebHost.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { assembly, "--urls", $"http://127.0.0.1:{ports.Http}" },
            WorkingDirectory = AppContext.BaseDirectory,
            Environment =
            {
                ["ConnectionStrings__FieldService"] = connectionString,
                ["Orleans__SiloPort"] = ports.Silo.ToString(),
                ["Orleans__GatewayPort"] = ports.Gateway.ToString(),
                ["Orleans__ClusterId"] = "kill-test",
                ["Orleans__Dashboard"] = "false",
                ["Demo__Seed"] = "false",
                ["Demo__Simulate"] = "false",
                ["Auth__SigningKey"] = SigningKey,
                ["Auth__DevTokens"] = "true",
                ["Dispatch__Automatic"] = "false", // the test places its orders by hand
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Logging__LogLevel__Default"] = "Warning",
                ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
            },
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var child = await ChildProcess.StartAsync(start, line => line.Contains("Application started", StringComparison.Ordinal), StartTimeout, "The web host process");
        return new WebHostProcess(child) { BaseAddress = new Uri($"http://127.0.0.1:{ports.Http}") };
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, no goodbye to the cluster.</summary>
    public Task KillAsync() => process.KillAsync();

    /// <summary>SIGTERM: the host stops its web server and leaves the cluster gracefully; the exit code, or null when
    /// it did not exit within <paramref name="grace"/>.</summary>
    public Task<int?> TerminateAsync(TimeSpan grace) => process.TerminateAsync(grace);

    public ValueTask DisposeAsync() => process.DisposeAsync();
}
