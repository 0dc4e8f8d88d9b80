using System.Diagnostics;

namespace FieldService.Tests.Infrastructure;

/// <summary>A program a test runs to its end (a script, a node tool): exit code, what it printed and what it said on standard error, or a
/// failure saying which program did not finish in time or is not installed.</summary>
public static class Command
{
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(
        string folder, string program, IEnumerable<string> arguments, TimeSpan timeout, string install,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException($"'{program}' is not on the path: {install}.", exception);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                throw new TimeoutException($"'{program} {string.Join(' ', start.ArgumentList)}' did not finish within {timeout}. Output:\n{await stdout}\n{await stderr}");
            }

            return (process.ExitCode, await stdout, await stderr);
        }
    }
}
