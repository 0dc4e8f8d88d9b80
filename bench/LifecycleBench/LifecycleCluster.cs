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
/// Issue 17 point 5: a durable cluster of N web host processes, each co-hosting a silo, on a throwaway PostgreSQL that
/// loads pg_stat_statements, so that what every lifecycle costs the database can be read back. Requests go round the
/// processes as a load balancer would; each answer is recorded by step.
/// </summary>
public sealed class LifecycleCluster : IAsyncDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);
    private readonly List<WebHostProcess> nodes = [];
    private readonly List<HttpClient> http = [];
    private int turn;

    private LifecycleCluster(ThrowawayPostgres postgres, string connection)
    {
        Postgres = postgres;
        Connection = connection;
        Data = NpgsqlDataSource.Create(connection);
    }

    public ThrowawayPostgres Postgres { get; }

    public string Connection { get; }

    public NpgsqlDataSource Data { get; }

    public IReadOnlyList<WebHostProcess> Nodes => nodes;

    public static async Task<LifecycleCluster> StartAsync(int silos, bool fsync, IReadOnlyDictionary<string, string?> settings)
    {
        var postgres = new ThrowawayPostgres(durable: fsync, maxConnections: 100 + 100 * silos);
        await postgres.StartAsync();
        // The statistics extension must be loaded when the server starts: set it, then restart the server once.
        await using (var admin = new NpgsqlConnection(postgres.AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var set = new NpgsqlCommand("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'", admin);
            await set.ExecuteNonQueryAsync();
        }

        await postgres.RestartAsync(TimeSpan.Zero);
        var connection = await postgres.CreateDatabaseAsync();
        await using (var schema = NpgsqlDataSource.Create(connection))
        {
            await SchemaInstaller.ApplyAsync(schema, NullLogger.Instance);
            await using var extension = schema.CreateCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            await extension.ExecuteNonQueryAsync();
        }

        var cluster = new LifecycleCluster(postgres, connection);
        var merged = new Dictionary<string, string?>
        {
            ["Orleans:ClusterId"] = "lifecycle-" + Guid.NewGuid().ToString("N")[..8],
            ["RateLimits:IntakePerMinute"] = "1000000",
            ["Dispatch:Automatic"] = "true",
        };
        foreach (var (key, value) in settings)
        {
            merged[key] = value;
        }

        // One at a time: each joins the cluster the previous ones formed.
        for (var i = 0; i < silos; i++)
        {
            var ports = WebHostProcess.Ports();
            var node = await WebHostProcess.StartAsync(connection, ports, merged);
            cluster.nodes.Add(node);
            var client = new HttpClient { BaseAddress = node.BaseAddress, Timeout = RequestTimeout };
            cluster.http.Add(client);
            await WaitReadyAsync(client, node);
        }

        return cluster;
    }

    public async Task<string> DevTokenAsync(object request)
    {
        using var response = await http[0].PostAsJsonAsync("/api/dev/tokens", request);
        response.EnsureSuccessStatusCode();
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["token"]!;
    }

    /// <summary>Sends one request to the next process and returns its status (0 = no answer) and body.</summary>
    public async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(string token, HttpMethod method, string path, object? body = null)
    {
        var client = http[(int)((uint)Interlocked.Increment(ref turn) % http.Count)];
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null || method == HttpMethod.Post)
        {
            request.Content = JsonContent.Create(body ?? new { });
        }

        try
        {
            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, text.Length > 0 && text[0] is '{' or '[' ? JsonNode.Parse(text) : null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (0, null);
        }
    }

    /// <summary>Statements (top-level, as clients sent them) and committed transactions so far in the bench's database;
    /// the statistics and size queries themselves are left out.</summary>
    public async Task<(long Statements, long Commits, IReadOnlyList<(string Query, long Calls)> Top)> DatabaseCountsAsync()
    {
        await using var statements = Data.CreateCommand(
            "SELECT query, calls FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid " +
            "WHERE d.datname = current_database() AND query NOT ILIKE '%pg_stat%' AND query NOT ILIKE '%pg_database_size%' ORDER BY calls DESC");
        var top = new List<(string, long)>();
        long total = 0;
        await using (var reader = await statements.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                total += reader.GetInt64(1);
                top.Add((reader.GetString(0), reader.GetInt64(1)));
            }
        }

        await using var commits = Data.CreateCommand("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()");
        return (total, (long)(await commits.ExecuteScalarAsync())!, top);
    }

    /// <summary>The bench database's size on disk (tables, indexes, TOAST), for what each order adds to it.</summary>
    public async Task<long> DatabaseBytesAsync()
    {
        await using var size = Data.CreateCommand("SELECT pg_database_size(current_database())");
        return (long)(await size.ExecuteScalarAsync())!;
    }

    /// <summary>Forgets the statement counts, so that what follows is the load's alone.</summary>
    public async Task ResetStatementsAsync()
    {
        await using var reset = Data.CreateCommand("SELECT pg_stat_statements_reset()");
        await reset.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(nodes.Select(n => n.DisposeAsync().AsTask()));
        http.ForEach(c => c.Dispose());
        await Data.DisposeAsync();
        await Postgres.DisposeAsync();
    }

    /// <summary>WebHostProcess has seen "Application started", which the host prints after its silo joined: the
    /// readiness check must then say so at once (a process that is not ready yet is a failed start, not a wait).</summary>
    private static async Task WaitReadyAsync(HttpClient client, WebHostProcess node)
    {
        using var ready = await client.GetAsync("/health/ready");
        if (!ready.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"a web host process started but /health/ready answered {(int)ready.StatusCode}. Output:\n{node.Output}");
        }
    }
}
