using System.Diagnostics;
using FieldService.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

using FieldService.Testing;

namespace FieldService.Tests.Http;

/// <summary>Issue 12.8: <c>deploy/scripts/walk.sh</c>, the README's walk of one order from P1 to P9, runs to its end
/// against a real web host listening on a port (the script is bash and curl, as a newcomer runs it).</summary>
public sealed class WalkScriptTests : IAsyncLifetime
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(2);

    // The script sends ETAs from the wall clock, so the host's clock starts at the wall clock too.
    private readonly AppFactory factory = new(time: new FakeTimeProvider(DateTimeOffset.UtcNow), settings: new Dictionary<string, string>
    {
        ["Dispatch:Automatic"] = "true",
    });

    private Uri baseAddress = null!;

    public Task InitializeAsync()
    {
        var port = FreePorts.Next();
        factory.UseKestrel(port);
        factory.StartServer();
        baseAddress = new Uri($"http://127.0.0.1:{port}");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task Issue12_8_P1_to_P9_the_walk_script_reaches_the_end()
    {
        var script = Path.Combine(Repository.Root(), "deploy", "scripts", "walk.sh");
        var start = new ProcessStartInfo("bash") { ArgumentList = { script, baseAddress.ToString().TrimEnd('/') }, RedirectStandardOutput = true, RedirectStandardError = true };
        using var walk = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var output = walk.StandardOutput.ReadToEndAsync();
        var errors = walk.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ScriptTimeout);
        try
        {
            await walk.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            walk.Kill(entireProcessTree: true);
            throw new TimeoutException($"walk.sh did not finish within {ScriptTimeout}. Output so far:\n{await output}\n{await errors}");
        }

        var said = $"exit {walk.ExitCode}\n{await output}\n{await errors}";
        Assert.True(walk.ExitCode == 0, said);
        Assert.Matches(@"P9 +agent +callback +-> closed", said);
        Assert.Contains("closed with", said, StringComparison.Ordinal);
    }
}
