using System.Diagnostics;
using System.Globalization;
using FieldService.Bench;
using FieldService.Testing;

// The whole repair path under load (issue 17 point 5) and the central grains' ceilings (point 6).
//
//   dotnet run -c Release --project bench/LifecycleBench -- [--silos 1] [--rate 5] [--duration 60]
//       [--technicians 40] [--capacity 5] [--regions 4] [--fsync on|off] [--sampling rule|always] [--set KEY=VALUE]...
// starts a throwaway PostgreSQL with pg_stat_statements, the schema, and N web host processes each co-hosting a silo
// of one durable cluster (child processes, as deploy/scripts/local-cluster.sh runs them), and carries orders from report
// to close over HTTP at the stated arrival rate.
//
//   dotnet run -c Release --project bench/LifecycleBench -- --ceiling sampler|catalog|catalog-write|complaints|standard-usage|board
//       [--preload N]
// co-hosts one durable silo in this process and raises the call rate on that grain step by step until it no longer
// keeps up, printing each step and the knee.
if (BenchSupport.ArgText(args, "--ceiling") is { } grain)
{
    await Ceilings.RunAsync(grain, args);
    return;
}

var silos = BenchSupport.Arg(args, "--silos", 1);
var rate = double.Parse(BenchSupport.ArgText(args, "--rate") ?? "5", CultureInfo.InvariantCulture);
var duration = TimeSpan.FromSeconds(BenchSupport.Arg(args, "--duration", 60));
var technicians = BenchSupport.Arg(args, "--technicians", 40);
var capacity = BenchSupport.Arg(args, "--capacity", 5);
var regions = BenchSupport.Arg(args, "--regions", 4);
// Durable by default: the figures are what an operator's PostgreSQL with fsync would give.
var fsync = BenchSupport.ArgText(args, "--fsync") != "off";
var sampling = BenchSupport.ArgText(args, "--sampling") ?? "rule";

Console.WriteLine($"lifecycle benchmark: {silos} web host process(es) co-hosting silos, PostgreSQL fsync {(fsync ? "on" : "off")}, " +
                  $"{Environment.ProcessorCount} cores, load average {ProcessMeter.LoadAverage()}");
Console.WriteLine($"{rate} orders/s for {duration.TotalSeconds} s; {technicians} technicians (capacity {capacity}) in {regions} regions; sampling {sampling}");
var settings = new Dictionary<string, string?> { ["Quality:Sampling"] = sampling == "always" ? "Always" : "Rule" };
// --set KEY=VALUE (repeatable): any setting of the web host processes, e.g. --set Database:OrleansPoolSize=30.
foreach (var pair in args.Zip(args.Skip(1)).Where(p => p.First == "--set").Select(p => p.Second.Split('=', 2)))
{
    settings[pair[0]] = pair[1];
}

if (settings.Count > 1)
{
    Console.WriteLine("settings: " + string.Join(", ", settings.Select(s => $"{s.Key}={s.Value}")));
}

await using var cluster = await LifecycleCluster.StartAsync(silos, fsync, settings);
var load = new LifecycleLoad(cluster, technicians, capacity, regions);
await load.PrepareAsync();

var hosts = ProcessMeter.WebHosts();
var postmaster = ProcessMeter.Postmaster(cluster.Postgres.Port) ?? throw new InvalidOperationException("the PostgreSQL server process was not found in /proc");
await cluster.ResetStatementsAsync();
var (_, commitsBefore, _) = await cluster.DatabaseCountsAsync();
var bytesBefore = await cluster.DatabaseBytesAsync();
var hostCpuBefore = hosts.Sum(ProcessMeter.CpuSeconds);
var pgCpuBefore = ProcessMeter.TreeCpuSeconds(postmaster);
var memoryBefore = hosts.Sum(ProcessMeter.WorkingSet);
var loadBefore = ProcessMeter.LoadAverage();
var wall = Stopwatch.StartNew();

// Memory per open order: read while the load is at its height (just before arrivals stop), when the most orders are open.
var peak = (Open: 0, Memory: 0L);
var sampler = Task.Run(async () =>
{
    while (wall.Elapsed < duration)
    {
        await Task.Delay(TimeSpan.FromSeconds(1));
        var open = load.Started - load.Closed - load.Failed;
        if (open >= peak.Open)
        {
            peak = (open, hosts.Sum(ProcessMeter.WorkingSet));
        }
    }
});
await load.RunAsync(rate, duration, drain: TimeSpan.FromSeconds(120));
await sampler;
var elapsed = wall.Elapsed;
var hostCpu = hosts.Sum(ProcessMeter.CpuSeconds) - hostCpuBefore;
var pgCpu = ProcessMeter.TreeCpuSeconds(postmaster) - pgCpuBefore;
var memoryAfter = hosts.Sum(ProcessMeter.WorkingSet);
var (statements, commitsAfter, top) = await cluster.DatabaseCountsAsync();
var commits = commitsAfter - commitsBefore;
var bytes = await cluster.DatabaseBytesAsync() - bytesBefore;
var closed = Math.Max(1, load.Closed);

string[] stepOrder = ["report", "triage", "dispatch", "accept", "en-route", "arrive", "diagnosis", "start-repair", "reserve parts", "issue parts", "complete", "inspection", "acceptance", "cleanup", "callback"];
Console.WriteLine();
Console.WriteLine($"| {silos} silo(s), {rate}/s offered for {duration.TotalSeconds:0} s | |");
Console.WriteLine("|---|---:|");
Console.WriteLine($"| load average before / after | {loadBefore} / {ProcessMeter.LoadAverage()} |");
Console.WriteLine($"| lifecycles started / closed / failed | {load.Started} / {load.Closed} / {load.Failed} |");
Console.WriteLine($"| completed lifecycles per second (closed / time to drain, {elapsed.TotalSeconds:0.0} s) | **{load.Closed / elapsed.TotalSeconds:0.00}** |");
Console.WriteLine($"| sampled for inspection | {load.Inspected} ({100.0 * load.Inspected / closed:0.0} %) |");
Console.WriteLine($"| PostgreSQL statements per lifecycle (pg_stat_statements, top level) | **{(double)statements / closed:0.0}** |");
Console.WriteLine($"| PostgreSQL transactions per lifecycle (xact_commit) | **{(double)commits / closed:0.0}** |");
Console.WriteLine($"| database growth per lifecycle (pg_database_size) | {bytes / 1024.0 / closed:0.0} KiB |");
Console.WriteLine($"| CPU s per lifecycle: web hosts + silos / PostgreSQL / total | {hostCpu / closed:0.000} / {pgCpu / closed:0.000} / **{(hostCpu + pgCpu) / closed:0.000}** |");
Console.WriteLine($"| CPU used of the machine's {Environment.ProcessorCount} cores (silos + PostgreSQL) | {100 * (hostCpu + pgCpu) / elapsed.TotalSeconds / Environment.ProcessorCount:0} % |");
Console.WriteLine($"| working set: before / at peak / after (all web hosts) | {memoryBefore / 1048576} / {peak.Memory / 1048576} / {memoryAfter / 1048576} MiB |");
Console.WriteLine($"| memory per open order (growth to the peak / {peak.Open} open then) | {(peak.Open == 0 ? "-" : $"{(peak.Memory - memoryBefore) / 1024.0 / peak.Open:0} KiB")} |");
Console.WriteLine($"| memory per order touched (growth to the end / {load.Started}; activations stay 15 min) | {(memoryAfter - memoryBefore) / 1024.0 / Math.Max(1, load.Started):0} KiB |");
Console.WriteLine();
Console.WriteLine("| step | answers | p50 ms | p99 ms |");
Console.WriteLine("|---|---:|---:|---:|");
foreach (var step in stepOrder.Where(load.Latencies.ContainsKey))
{
    var sorted = load.Latencies[step].OrderBy(v => v).ToList();
    Console.WriteLine($"| {step} | {sorted.Count} | {BenchSupport.Percentile(sorted, 0.50):0.0} | {BenchSupport.Percentile(sorted, 0.99):0.0} |");
}

Console.WriteLine();
Console.WriteLine(load.Errors.IsEmpty ? "errors: none" : "errors (step, status: count; 0 = no answer): " +
    string.Join(", ", load.Errors.OrderBy(e => e.Key.Step).Select(e => $"{e.Key.Step} {e.Key.Status}: {e.Value}")));
Console.WriteLine();
Console.WriteLine("statements per lifecycle, most frequent first:");
foreach (var (query, calls) in top.Take(12))
{
    var text = string.Join(' ', query.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
    Console.WriteLine($"  {(double)calls / closed,6:0.00}  {(text.Length > 110 ? text[..110] + "…" : text)}");
}
