using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FieldService.Silo.Hosting;
using FieldService.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace FieldService.Testing;

/// <summary>
/// Issue 12 point 9: a durable cluster of two web host processes, each co-hosting a silo, on a throwaway PostgreSQL,
/// with technicians registered over REST. Shared by the fault benchmark (bench/FaultBench) and the fault test, so both
/// measure the same thing. Every request goes through <see cref="SendAsync"/>, which records its answer and when.
/// </summary>
public sealed class FaultCluster : IAsyncDisposable
{
    public const string StaffRoles = "agent+dispatcher+manager+auditor+admin+inspector";
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(15);

    private readonly (int Http, int Silo, int Gateway)[] ports;
    private readonly WebHostProcess?[] nodes;
    private readonly bool[] up;
    private readonly HttpClient[] http;
    private readonly List<WebHostProcess> started = [];
    private readonly IReadOnlyDictionary<string, string?> settings;
    private readonly Dictionary<string, string> technicianTokens = [];
    private int turn;

    private readonly int silos;

    private FaultCluster(ThrowawayPostgres postgres, string connection, IReadOnlyDictionary<string, string?> settings, int size, int silos)
    {
        Postgres = postgres;
        Connection = connection;
        this.settings = settings;
        this.silos = silos;
        ports = Enumerable.Range(0, size).Select(_ => WebHostProcess.Ports()).ToArray();
        nodes = new WebHostProcess?[size];
        up = new bool[size];
        http = ports.Select(p => new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{p.Http}"), Timeout = RequestTimeout }).ToArray();
        Data = NpgsqlDataSource.Create(connection);
    }

    public ThrowawayPostgres Postgres { get; }

    public string Connection { get; }

    /// <summary>For the checks that read the records directly (the audit trail, the index).</summary>
    public NpgsqlDataSource Data { get; }

    /// <summary>Every answer since the cluster started: when (on <see cref="Clock"/>), which route, which status
    /// (0 = no answer: refused connection or timeout).</summary>
    public ConcurrentQueue<Answer> Answers { get; } = new();

    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    public string StaffToken { get; private set; } = "";

    public IReadOnlyDictionary<string, FaultTechnician> Technicians { get; private set; } = new Dictionary<string, FaultTechnician>();

    /// <summary>Everything every process printed, including processes since killed.</summary>
    public string Logs
    {
        get
        {
            lock (started)
            {
                return string.Join('\n', started.Select(n => n.Output));
            }
        }
    }

    /// <summary>A fresh server and database with the schema, <paramref name="size"/> web host processes co-hosting silos
    /// (and after them <paramref name="clients"/> web hosts that join as cluster clients, as in deploy/kubernetes),
    /// and the technicians registered: <paramref name="technicians"/> spread over <paramref name="regions"/>.</summary>
    public static async Task<FaultCluster> StartAsync(
        IReadOnlyDictionary<string, string?> settings, int technicians, int capacity, IReadOnlyList<string> regions,
        int maxConnections = 300, bool fsync = false, int size = 2, int clients = 0)
    {
        var postgres = new ThrowawayPostgres(durable: fsync, maxConnections);
        await postgres.StartAsync();
        var connection = await postgres.CreateDatabaseAsync();
        await using (var schema = NpgsqlDataSource.Create(connection))
        {
            await SchemaInstaller.ApplyAsync(schema, NullLogger.Instance);
        }

        var merged = new Dictionary<string, string?>
        {
            ["Orleans:ClusterId"] = "fault-" + Guid.NewGuid().ToString("N")[..8],
            ["RateLimits:IntakePerMinute"] = "1000000",
            ["Dispatch:Automatic"] = "true",
        };
        foreach (var (key, value) in settings)
        {
            merged[key] = value;
        }

        var cluster = new FaultCluster(postgres, connection, merged, size + clients, size);
        for (var i = 0; i < size + clients; i++)
        {
            await cluster.StartNodeAsync(i);
        }

        cluster.StaffToken = await cluster.DevTokenAsync(new { userId = "fault-staff", roles = StaffRoles.Split('+') });
        var registered = new Dictionary<string, FaultTechnician>();
        for (var t = 0; t < technicians; t++)
        {
            var id = $"ft-{t:D3}";
            var region = regions[t % regions.Count];
            cluster.technicianTokens[id] = await cluster.DevTokenAsync(new { userId = "user-" + id, roles = new[] { Roles.Technician }, technicianId = id });
            var profile = new
            {
                name = "Technician " + id,
                region,
                skills = new[] { new { name = "hvac", level = 4 } },
                home = new { lat = 31.30, lon = 121.50 },
                capacity,
            };
            var (status, _) = await cluster.SendAsync(cluster.StaffToken, HttpMethod.Put, $"/api/technicians/{id}", profile, "register");
            if (status is not (HttpStatusCode.OK or HttpStatusCode.Created))
            {
                throw new InvalidOperationException($"registering technician {id} answered {(int)status}");
            }

            registered[id] = new FaultTechnician(id, region, capacity);
        }

        cluster.Technicians = registered;
        return cluster;
    }

    public string TechnicianToken(string technicianId) => technicianTokens[technicianId];

    /// <summary>SIGKILL of one process (its silo goes with it). Requests stop going to it first, as a load balancer's
    /// health check would take it out; what the fault costs is then what the surviving process answers.</summary>
    public async Task KillAsync(int node)
    {
        up[node] = false;
        await nodes[node]!.KillAsync();
    }

    /// <summary>SIGTERM to one process, taken out of the rotation first (as a load balancer drains a pod that is being
    /// stopped). Returns its exit code (null: still running after <paramref name="grace"/>) and how long it took.</summary>
    public async Task<(int? ExitCode, TimeSpan Took)> TerminateAsync(int node, TimeSpan grace)
    {
        up[node] = false;
        var from = Clock.Elapsed;
        var code = await nodes[node]!.TerminateAsync(grace);
        return (code, Clock.Elapsed - from);
    }

    /// <summary>The Orleans cluster id the processes share (for a client of the test's own).</summary>
    public string ClusterId => settings["Orleans:ClusterId"]!;

    /// <summary>The silo port of a process, as its row in the membership table names it.</summary>
    public int SiloPort(int node) => ports[node].Silo;

    /// <summary>Starts a killed process again on its ports and waits until it reports ready.</summary>
    public async Task RestartAsync(int node)
    {
        await nodes[node]!.DisposeAsync();
        await StartNodeAsync(node);
    }

    /// <summary>Sends one request to the next process that is up (or to process <paramref name="via"/>) and records the answer.</summary>
    public async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(string token, HttpMethod method, string path, object? body, string route, int? via = null)
    {
        var live = Enumerable.Range(0, up.Length).Where(i => up[i]).ToArray();
        var client = http[via ?? live[(int)((uint)Interlocked.Increment(ref turn) % live.Length)]];
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null || method == HttpMethod.Post)
        {
            request.Content = JsonContent.Create(body ?? new { });
        }

        var at = Clock.Elapsed;
        try
        {
            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Answers.Enqueue(new Answer(at, Clock.Elapsed - at, route, (int)response.StatusCode, response.Headers.RetryAfter is not null));
            return (response.StatusCode, text.Length > 0 && text[0] is '{' or '[' ? JsonNode.Parse(text) : null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Answers.Enqueue(new Answer(at, Clock.Elapsed - at, route, 0, false));
            return (0, null);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in nodes)
        {
            if (node is not null)
            {
                await node.DisposeAsync();
            }
        }

        foreach (var client in http)
        {
            client.Dispose();
        }

        await Data.DisposeAsync();
        await Postgres.DisposeAsync();
    }

    private async Task StartNodeAsync(int node)
    {
        var process = await WebHostProcess.StartAsync(Connection, ports[node], node < silos
            ? settings
            : new Dictionary<string, string?>(settings) { ["Orleans:CoHostSilo"] = "false" });
        lock (started)
        {
            started.Add(process);
        }

        nodes[node] = process;
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var ready = await http[node].GetAsync("/health/ready");
                if (ready.IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or the check itself hangs while the cluster recovers: asked again until the deadline.
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new InvalidOperationException($"web host process {node} did not report ready within 60 s. Output:\n{process.Output}");
            }

            await Task.Delay(200);
        }

        up[node] = true;
    }

    private async Task<string> DevTokenAsync(object request)
    {
        using var response = await http[0].PostAsJsonAsync("/api/dev/tokens", request);
        response.EnsureSuccessStatusCode();
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["token"]!;
    }
}

/// <summary>One recorded answer: sent at <paramref name="At"/>, answered after <paramref name="Took"/>; status 0 = none.</summary>
public sealed record Answer(TimeSpan At, TimeSpan Took, string Route, int Status, bool RetryAfter);

public sealed record FaultTechnician(string Id, string Region, int Capacity);
