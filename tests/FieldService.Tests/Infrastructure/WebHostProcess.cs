using System.Diagnostics;
using System.Text;

using FieldService.Testing;

namespace FieldService.Tests.Infrastructure;

/// <summary>
/// The web host as a separate operating-system process, built beside the tests, so a test can kill it without
/// warning (SIGKILL) the way a crash or a pulled plug would, then start it again on the same ports.
/// </summary>
public sealed class WebHostProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly Process process;
    private readonly StringBuilder output = new();

    private WebHostProcess(Process process) => this.process = process;

    public Uri BaseAddress { get; private init; } = null!;

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>Free loopback ports for HTTP, the silo and the gateway; pass the same ones to a restart.</summary>
    public static (int Http, int Silo, int Gateway) Ports() => (FreePorts.Next(), FreePorts.Next(), FreePorts.Next());

    /// <param name="settings">Extra configuration as environment variables (<c>Section__Key</c>), over the defaults.</param>
    public static async Task<WebHostProcess> StartAsync(string connectionString, (int Http, int Silo, int Gateway) ports,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var assembly = Path.Combine(AppContext.BaseDirectory, "FieldService.WebHost.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { assembly, "--urls", $"http://127.0.0.1:{ports.Http}" },
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment =
            {
                ["ConnectionStrings__FieldService"] = connectionString,
                ["Orleans__SiloPort"] = ports.Silo.ToString(),
                ["Orleans__GatewayPort"] = ports.Gateway.ToString(),
                ["Orleans__ClusterId"] = "kill-test",
                ["Orleans__Dashboard"] = "false",
                ["Demo__Seed"] = "false",
                ["Demo__Simulate"] = "false",
                ["Auth__SigningKey"] = Personas.TestSigningKey,
                ["Auth__DevTokens"] = "true",
                ["Dispatch__Automatic"] = "false", // the test places its orders by hand
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Logging__LogLevel__Default"] = "Warning",
                ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
            },
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var host = new WebHostProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"))
        {
            BaseAddress = new Uri($"http://127.0.0.1:{ports.Http}"),
        };
        void Collect(object _, DataReceivedEventArgs line)
        {
            if (line.Data is null)
            {
                return;
            }

            lock (host.output)
            {
                host.output.AppendLine(line.Data);
            }

            if (line.Data.Contains("Application started", StringComparison.Ordinal))
            {
                started.TrySetResult();
            }
        }

        host.process.OutputDataReceived += Collect;
        host.process.ErrorDataReceived += Collect;
        host.process.BeginOutputReadLine();
        host.process.BeginErrorReadLine();
        var exited = host.process.WaitForExitAsync();
        var first = await Task.WhenAny(started.Task, exited, Task.Delay(StartTimeout));
        if (first != started.Task)
        {
            var why = first == exited ? $"it exited with code {host.process.ExitCode}" : $"it did not log 'Application started' within {StartTimeout}";
            await host.DisposeAsync();
            throw new InvalidOperationException($"The web host process did not start: {why}. Output:\n{host.Output}");
        }

        return host;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, no goodbye to the cluster.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            await KillAsync();
        }

        process.Dispose();
    }

}
