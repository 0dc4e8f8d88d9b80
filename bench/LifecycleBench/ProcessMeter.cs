using System.Globalization;

namespace FieldService.Bench;

/// <summary>
/// CPU time and working set of the processes that serve the load, read from /proc: the web host processes this
/// program started, and the PostgreSQL server (its postmaster, the backends it has now, and what its exited children
/// used). Reading /proc rather than keeping Process handles lets it find the server's backends, which Npgsql opens and
/// this program never sees.
/// </summary>
public static class ProcessMeter
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux, which /proc/<pid>/stat counts in

    /// <summary>The web host processes among this process's children (what <c>WebHostProcess</c> started).</summary>
    public static IReadOnlyList<int> WebHosts() =>
        AllProcesses().Where(p => ParentOf(p) == Environment.ProcessId && CommandLine(p).Contains("FieldService.WebHost.dll", StringComparison.Ordinal)).ToList();

    /// <summary>The postmaster listening on <paramref name="port"/> (started with <c>-p PORT</c>).</summary>
    public static int? Postmaster(int port) =>
        AllProcesses().Cast<int?>().FirstOrDefault(p => CommandLine(p!.Value) is var c && c.Contains("postgres", StringComparison.Ordinal) && c.Contains($"-p\0{port}\0", StringComparison.Ordinal));

    /// <summary>CPU seconds of a process itself (user + system).</summary>
    public static double CpuSeconds(int pid) => Stat(pid) is { } s ? (s[13] + s[14]) / TicksPerSecond : 0;

    /// <summary>CPU seconds of a server and all its children, living or exited (reaped children's time is counted in
    /// the parent's cutime/cstime).</summary>
    public static double TreeCpuSeconds(int pid)
    {
        var own = Stat(pid) is { } s ? (s[13] + s[14] + s[15] + s[16]) / TicksPerSecond : 0;
        return own + AllProcesses().Where(p => ParentOf(p) == pid).Sum(CpuSeconds);
    }

    /// <summary>Resident set size in bytes (the working set as Linux counts it).</summary>
    public static long WorkingSet(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>The 1-minute load average, for the figures (the machine is shared).</summary>
    public static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[..3] is var l ? string.Join(' ', l) : "";

    private static IEnumerable<int> AllProcesses() =>
        Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Select(n => int.TryParse(n, out var pid) ? pid : 0).Where(p => p > 0);

    private static int ParentOf(int pid) => Stat(pid) is { } s ? (int)s[3] : 0;

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline") + "\0";
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    /// <summary>The numeric fields of /proc/PID/stat, indexed as proc(5) numbers them minus one (the command name, which
    /// may hold spaces, is skipped and its slot left 0).</summary>
    private static long[]? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }

        var rest = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        var fields = new long[rest.Length + 2];
        fields[0] = pid;
        for (var i = 1; i < rest.Length; i++)
        {
            fields[i + 2] = long.TryParse(rest[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0;
        }

        return fields;
    }
}
