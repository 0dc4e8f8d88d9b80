using System.Diagnostics;
using System.Text;

namespace FieldService.Tests.Infrastructure;

/// <summary>A server process a test starts: its output collected, and started means it printed the line that says
/// it is ready (not a guess of time).</summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly StringBuilder output = new();

    private ChildProcess(Process process) => Process = process;

    public Process Process { get; }

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

    /// <summary>Starts <paramref name="start"/> and waits until a line of its output satisfies <paramref name="ready"/>;
    /// fails naming <paramref name="what"/>, why, and the output when it exits or stays silent.</summary>
    public static async Task<ChildProcess> StartAsync(ProcessStartInfo start, Func<string, bool> ready, TimeSpan timeout, string what)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var child = new ChildProcess(Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start"));
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Collect(object _, DataReceivedEventArgs line)
        {
            if (line.Data is null)
            {
                return;
            }

            lock (child.output)
            {
                child.output.AppendLine(line.Data);
            }

            if (ready(line.Data))
            {
                started.TrySetResult();
            }
        }

        child.Process.OutputDataReceived += Collect;
        child.Process.ErrorDataReceived += Collect;
        child.Process.BeginOutputReadLine();
        child.Process.BeginErrorReadLine();
        var exited = child.Process.WaitForExitAsync();
        var first = await Task.WhenAny(started.Task, exited, Task.Delay(timeout));
        if (first != started.Task)
        {
            var why = first == exited ? $"it exited with code {child.Process.ExitCode}" : $"it did not say it was ready within {timeout}";
            await child.DisposeAsync();
            throw new InvalidOperationException($"{what} did not start: {why}. Output:\n{child.Output}");
        }

        return child;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing.</summary>
    public async Task KillAsync()
    {
        Process.Kill(entireProcessTree: true);
        await Process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as Kubernetes, systemd or <c>docker stop</c> ask a process to stop (.NET has no API that sends
    /// it: <see cref="Process.Kill()"/> is SIGKILL), then waits up to <paramref name="grace"/> for the exit. Null when
    /// it did not exit in time (it is then still running; dispose kills it).</summary>
    public async Task<int?> TerminateAsync(TimeSpan grace)
    {
        using (var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-s", "TERM", Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) } })
                          ?? throw new InvalidOperationException("kill did not start"))
        {
            await kill.WaitForExitAsync();
            if (kill.ExitCode != 0)
            {
                throw new InvalidOperationException($"kill -s TERM {Process.Id} exited with {kill.ExitCode}");
            }
        }

        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await Process.WaitForExitAsync(timeout.Token);
            return Process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited)
        {
            await KillAsync();
        }

        Process.Dispose();
    }
}
