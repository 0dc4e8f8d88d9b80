using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace FieldService.Testing;

/// <summary>
/// A throwaway PostgreSQL server for a test run or a benchmark: initdb into a temporary folder, started on a free loopback port,
/// stopped and deleted at the end. As root it runs as the <c>postgres</c> user, since the server refuses root.
/// Missing binaries fail the tests with the install command; they never skip.
/// </summary>
public sealed class ThrowawayPostgres(bool durable = false, int maxConnections = 300) : IAsyncDisposable
{
    private const string InstallHint =
        "PostgreSQL server binaries (initdb, pg_ctl) were not found. Install them with `apt-get install -y postgresql` " +
        "or point FIELDSERVICE_PG_BIN at the folder holding initdb and pg_ctl.";

    private string binaries = "";
    private string folder = "";
    private bool asPostgresUser;
    private string serverOptions = "";

    public int Port { get; private set; }

    public string AdminConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false";

    public async Task StartAsync()
    {
        binaries = FindBinaries() ?? throw new InvalidOperationException(InstallHint);
        asPostgresUser = Environment.UserName == "root";
        folder = Path.Combine(Path.GetTempPath(), $"fieldservice-pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(folder);
        if (asPostgresUser)
        {
            await RunAsync("chown", ["postgres:postgres", folder], asPostgres: false);
        }

        var data = Path.Combine(folder, "data");
        await RunAsync(Path.Combine(binaries, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"]);
        Port = FreePorts.Next();
        // Tests trade durability for speed; a benchmark that claims durable writes keeps fsync on.
        serverOptions = $"-p {Port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections={maxConnections}" +
                            (durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
        await StartServerAsync();
    }

    /// <summary>A database blip: the server stopped in fast mode (clients disconnected, nothing lost), left down for
    /// <paramref name="down"/>, and started again on the same port. Returns how long it refused connections.</summary>
    public async Task<TimeSpan> RestartAsync(TimeSpan down)
    {
        var stopped = Stopwatch.StartNew();
        await RunAsync(Path.Combine(binaries, "pg_ctl"), ["-D", Path.Combine(folder, "data"), "-m", "fast", "-w", "stop"]);
        await Task.Delay(down);
        await StartServerAsync();
        return stopped.Elapsed;
    }

    /// <summary>Stops the server as an operator's restart does (fast shutdown: sessions are terminated with 57P01);
    /// <see cref="StartServerAsync"/> brings it back on the same port with the same data.</summary>
    public Task StopServerAsync() =>
        RunAsync(Path.Combine(binaries, "pg_ctl"), ["-D", Path.Combine(folder, "data"), "-m", "fast", "-w", "stop"]);

    public Task StartServerAsync() =>
        RunAsync(Path.Combine(binaries, "pg_ctl"), ["-D", Path.Combine(folder, "data"), "-w", "-t", "60", "-l", Path.Combine(folder, "server.log"), "-o", serverOptions, "start"]);

    /// <summary>A new, empty database on the server; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "fs_" + Guid.NewGuid().ToString("N")[..16];
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return $"Host=127.0.0.1;Port={Port};Username=postgres;Database={name}";
    }

    public async ValueTask DisposeAsync()
    {
        if (binaries.Length > 0 && Port != 0)
        {
            await RunAsync(Path.Combine(binaries, "pg_ctl"), ["-D", Path.Combine(folder, "data"), "-m", "immediate", "-w", "stop"]);
        }

        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string? FindBinaries()
    {
        if (Environment.GetEnvironmentVariable("FIELDSERVICE_PG_BIN") is { Length: > 0 } configured)
        {
            return File.Exists(Path.Combine(configured, "pg_ctl")) ? configured : null;
        }

        const string debianRoot = "/usr/lib/postgresql";
        var installed = Directory.Exists(debianRoot)
            ? Directory.GetDirectories(debianRoot)
                .Select(d => Path.Combine(d, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "pg_ctl")) && File.Exists(Path.Combine(bin, "initdb")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        return installed ?? (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .FirstOrDefault(dir => File.Exists(Path.Combine(dir, "pg_ctl")) && File.Exists(Path.Combine(dir, "initdb")));
    }

    private Task RunAsync(string program, string[] arguments) => RunAsync(program, arguments, asPostgresUser);

    private static async Task RunAsync(string program, string[] arguments, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgres)
        {
            foreach (var a in new[] { "-u", "postgres", "--", program })
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{program} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}:\n{await output}\n{await error}");
        }
    }
}

/// <summary>Free loopback TCP ports for the servers and silos tests and benchmarks start.</summary>
public static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
