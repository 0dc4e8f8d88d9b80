using FieldService.Bench;
using System.Diagnostics;
using System.Globalization;
using FieldService;
using FieldService.Silo.Hosting;
using FieldService.Testing;
using FieldService.WorkOrders;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

// Clock benchmark (issue 4): N open work orders in durable mode on PostgreSQL, each with a pending P2 dispatch
// clock. Prints the rate at which orders (and so their deadlines) are registered, how late the breaches fire
// (p50/p99/max, from the persisted due and breach times), how many fired, and the process's memory.
//
//   dotnet run -c Release --project bench/ClockBench -- [--orders 100000] [--concurrency 256] [--deadline 300]
//                                                       [--spread 0] [--connection "Host=...;Database=..."] [--fsync off]
//
// Without --connection it starts a throwaway PostgreSQL with fsync on (durable writes, as in production);
// --fsync off shows what the platform itself costs when the disk is taken out of the picture.
// With --spread 0 every order's deadline falls --deadline seconds after its report, so the breaches arrive as fast as
// the orders were registered (a burst). --spread S spreads them: the orders belong to S customers whose contracts
// allow --deadline + 0..S-1 seconds to dispatch, as open orders' deadlines are spread in real life.
var orders = Arg("--orders", 100_000);
var concurrency = Arg("--concurrency", 256);
var deadlineSeconds = Arg("--deadline", 300);
var connection = ArgText("--connection");
var fsync = ArgText("--fsync") != "off";
var spread = Arg("--spread", 0);

var (server, database) = await BenchSupport.DatabaseAsync(connection, fsync);
await using var throwaway = server;
connection = database + ";Maximum Pool Size=60";
var settings = new Dictionary<string, string?> { ["Sla:Priorities:normal:DispatchWithin"] = TimeSpan.FromSeconds(deadlineSeconds).ToString() };
for (var k = 0; k < spread; k++)
{
    settings[$"Sla:Contracts:bench-c{k}:Priorities:normal:DispatchWithin"] = TimeSpan.FromSeconds(deadlineSeconds + k).ToString();
}

using var host = await BenchSupport.StartSiloAsync(connection, "clock-bench", settings);
var grains = host.Services.GetRequiredService<IGrainFactory>();
var agent = new Actor("bench", Roles.Agent);

Console.WriteLine($"clock benchmark: {orders} orders, concurrency {concurrency}, P2 deadline {deadlineSeconds} s after each report" +
                  (spread > 0 ? $" + 0..{spread - 1} s by contract" : " (burst)") + ", " +
                  $"PostgreSQL fsync {(server is null ? "as configured" : fsync ? "on" : "off")}");
await using var data = NpgsqlDataSource.Create(connection);
var commitsBefore = await ScalarAsync<long>("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()");
var registering = Stopwatch.StartNew();
var failures = 0;
await Parallel.ForEachAsync(Enumerable.Range(0, orders), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, _) =>
{
    var intake = new ReportFault(
        new Customer($"Customer {i}", "+86 21 5555 0000", null, $"{i} Bench Road", new GeoPoint(31.2, 121.5)),
        new Product("AC-9000", $"SN-{i}", "hvac", false), new Fault("bench fault", Channel.Web), Priority.Normal, "bench",
        new SkillRequirement("hvac", 2), null, null, spread > 0 ? $"bench-c{i % spread}" : null);
    var result = await grains.GetGrain<IWorkOrderGrain>($"bench-{i}").ReportAsync(intake, agent);
    if (!result.Succeeded)
    {
        Interlocked.Increment(ref failures);
    }
});
registering.Stop();
var rate = orders / registering.Elapsed.TotalSeconds;
Console.WriteLine($"registered: {orders - failures} orders with pending clocks in {registering.Elapsed.TotalSeconds:F1} s = {rate:F0} deadlines/s");
if (registering.Elapsed.TotalSeconds > deadlineSeconds)
{
    Console.WriteLine("note: registration outlasted the deadline; the first breaches fired while orders were still being registered");
}

await Task.Delay(TimeSpan.FromSeconds(1)); // PostgreSQL publishes its statistics about once a second
var commits = await ScalarAsync<long>("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()") - commitsBefore;
Console.WriteLine($"PostgreSQL transactions while registering: {commits} = {(double)commits / orders:F2} per order");
var waitLimit = TimeSpan.FromSeconds(deadlineSeconds + spread) + registering.Elapsed + TimeSpan.FromMinutes(3);
var waiting = Stopwatch.StartNew();
long fired = 0;
while (waiting.Elapsed < waitLimit)
{
    fired = await ScalarAsync<long>("SELECT count(*) FROM fs_audit WHERE action = 'breach'");
    if (fired >= orders)
    {
        break;
    }

    await Task.Delay(TimeSpan.FromSeconds(2));
}

// Lateness from what the grains persisted: when each clock was breached against when it was due.
var lateness = new List<double>(orders);
await using (var command = data.CreateCommand(
                 """
                 SELECT extract(epoch FROM ((c ->> 'breachedAt')::timestamptz - (c ->> 'dueAt')::timestamptz)) * 1000
                 FROM orleans_grain_state, jsonb_array_elements(convert_from(payload, 'UTF8')::jsonb -> 'order' -> 'clocks') AS c
                 WHERE grain_type ILIKE '%workorder%' AND c ->> 'breachedAt' IS NOT NULL
                 """))
await using (var reader = await command.ExecuteReaderAsync())
{
    while (await reader.ReadAsync())
    {
        lateness.Add((double)reader.GetDecimal(0));
    }
}

lateness.Sort();
var process = Process.GetCurrentProcess();
Console.WriteLine($"fired: {fired} of {orders} breaches recorded in the audit trail; {lateness.Count} breaches read back from grain state");
if (lateness.Count > 0)
{
    Console.WriteLine($"lateness (breached - due): p50 {Percentile(0.50):F1} ms, p99 {Percentile(0.99):F1} ms, max {lateness[^1]:F1} ms");
}

Console.WriteLine($"memory: working set {process.WorkingSet64 / 1048576} MiB, peak {process.PeakWorkingSet64 / 1048576} MiB, managed heap {GC.GetTotalMemory(false) / 1048576} MiB");
await host.StopAsync();
return fired >= orders && failures == 0 ? 0 : 1;

double Percentile(double p) => BenchSupport.Percentile(lateness, p);

async Task<T> ScalarAsync<T>(string sql)
{
    await using var command = data.CreateCommand(sql);
    return (T)(await command.ExecuteScalarAsync())!;
}

int Arg(string name, int fallback) => BenchSupport.Arg(args, name, fallback);

string? ArgText(string name) => BenchSupport.ArgText(args, name);

