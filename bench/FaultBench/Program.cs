using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using FieldService.Bench;
using FieldService.Testing;

// Faults under load (issue 12 point 9): a durable cluster of two web host processes, each co-hosting a silo, on a
// throwaway PostgreSQL, driven over REST.
//   a. steady intake + triage with automatic dispatch while one process is SIGKILLed and started again;
//   b. the same load while PostgreSQL is restarted (fast stop, 0.5 s down, start);
//   c. a breach storm: --orders P2 deadlines falling due within about a second, nobody to dispatch to.
// Prints, per scenario, what was lost, double-booked, leaked, left waiting or unfired, and how the fault answered.
//
//   dotnet run -c Release --project bench/FaultBench -- [--scenario a|b|c|all] [--rate 25] [--seconds 90]
//       [--orders 5000] [--technicians 20] [--capacity 2] [--max-connections 100] [--fsync off]
var scenario = BenchSupport.ArgText(args, "--scenario") ?? "all";
var rate = BenchSupport.Arg(args, "--rate", 25);
var seconds = BenchSupport.Arg(args, "--seconds", 90);
var stormOrders = BenchSupport.Arg(args, "--orders", 5000);
var technicians = BenchSupport.Arg(args, "--technicians", 20);
var capacity = BenchSupport.Arg(args, "--capacity", 2);
// PostgreSQL's own default: what an operator who installs it gets, and what the processes' pools must fit into.
var maxConnections = BenchSupport.Arg(args, "--max-connections", 100);
var fsync = BenchSupport.ArgText(args, "--fsync") == "on";
string[] regions = ["north", "south", "east", "west"];

Console.WriteLine($"fault benchmark: 2 web host processes co-hosting silos, PostgreSQL max_connections {maxConnections}, fsync {(fsync ? "on" : "off")}, " +
                  $"{Environment.ProcessorCount} cores");
var tables = new List<(string Title, IReadOnlyList<(string Figure, string Value)> Rows)>();
if (scenario is "a" or "all")
{
    Add("a. silo SIGKILLed and restarted", await UnderLoadAsync(async cluster =>
    {
        await cluster.KillAsync(1);
        await cluster.RestartAsync(1);
        return null;
    }));
}

if (scenario is "b" or "all")
{
    Add("b. PostgreSQL restarted", await UnderLoadAsync(async cluster =>
        await cluster.Postgres.RestartAsync(TimeSpan.FromMilliseconds(500))));
}

if (scenario is "c" or "all")
{
    Add($"c. breach storm: {stormOrders} P2 deadlines", await StormAsync());
}

// All tables again at the end, together, for copying into docs/benchmarks.md.
Console.WriteLine();
tables.ForEach(Print);

// A scenario's table as soon as it is measured, so a later scenario's failure cannot take it away.
void Add(string title, IReadOnlyList<(string, string)> rows)
{
    tables.Add((title, rows));
    Print((title, rows));
}

static void Print((string Title, IReadOnlyList<(string Figure, string Value)> Rows) table)
{
    Console.WriteLine($"| {table.Title} | |");
    Console.WriteLine("|---|---:|");
    foreach (var (figure, value) in table.Rows)
    {
        Console.WriteLine($"| {figure} | {value} |");
    }

    Console.WriteLine();
}

// 9a/9b: the load for --seconds; a third of the way in, the fault. The fault window runs from the fault until
// 10 s after the faulted part is back.
async Task<IReadOnlyList<(string, string)>> UnderLoadAsync(Func<FaultCluster, Task<TimeSpan?>> fault)
{
    var settings = new Dictionary<string, string?>
    {
        // Short deadlines, so that clocks fall due during the run: waiting orders breach P2, ignored offers P3.
        ["Sla:Priorities:high:DispatchWithin"] = "00:00:30",
        ["Sla:Priorities:high:AcceptWithin"] = "00:00:20",
    };
    await using var cluster = await FaultCluster.StartAsync(settings, technicians, capacity, regions, maxConnections, fsync);
    var load = new FaultLoad(cluster, regions);
    Console.WriteLine($"  load: {rate} orders/s for {seconds} s over {technicians} technicians × {capacity} places in {regions.Length} regions");
    var running = load.RunAsync(rate, TimeSpan.FromSeconds(seconds));
    await Task.Delay(TimeSpan.FromSeconds(seconds / 3.0));
    var from = cluster.Clock.Elapsed;
    var down = await fault(cluster);
    var back = cluster.Clock.Elapsed;
    Console.WriteLine($"  fault at {from.TotalSeconds:F1} s, back at {back.TotalSeconds:F1} s{(down is { } d ? $" (database down {d.TotalSeconds:F2} s)" : "")}");
    await running;
    Console.WriteLine($"  load done at {cluster.Clock.Elapsed.TotalSeconds:F1} s: {load.Sent} sent, {load.Acknowledged.Count} acknowledged; checking");
    var figures = await FaultChecks.MeasureAsync(cluster, load, (from, back + TimeSpan.FromSeconds(10)), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(15));
    foreach (var example in figures.Examples)
    {
        Console.WriteLine("    " + example);
    }

    var faultAnswers = cluster.Answers.Where(a => a.At >= from && a.At <= back + TimeSpan.FromSeconds(10)).ToArray();
    return
    [
        ("orders reported / acknowledged (201)", $"{load.Sent} / {figures.Acknowledged}"),
        ("acknowledged orders lost", $"{figures.Lost}"),
        ("technicians over capacity (audit replay)", $"{figures.OverCapacity}"),
        ("load leaks (places held by orders not open and theirs)", $"{figures.LoadLeaks}"),
        ("audit subjects with gaps / orders the audit trail is behind", $"{figures.AuditGaps} / {figures.AuditBehind}"),
        ("clocks past due (15 s grace) / not fired", $"{figures.ClocksDue} / {figures.ClocksUnfired}"),
        ("requests during the fault window", $"{faultAnswers.Length} ({(back - from + TimeSpan.FromSeconds(10)).TotalSeconds:F1} s)"),
        ("HTTP 500 during the fault / over the whole run", $"{figures.Http500DuringFault} / {figures.Http500Overall}"),
        ("HTTP 503 during the fault (without Retry-After, whole run)", $"{figures.Http503DuringFault} ({figures.Http503WithoutRetryAfter})"),
        ("no answer within 15 s during the fault", $"{figures.NoAnswerDuringFault}"),
        ("503 window (first 503 to last)", figures.Window503 is { } w ? $"{w.TotalSeconds:F1} s" : "none"),
        ("orders waiting (triaged) / beside free capacity", $"{figures.Waiting} / {figures.WaitingBesideFreeCapacity}"),
        ("leaks and waiting reached 0 after the load", figures.SettledAfter is { } s ? $"{s.TotalSeconds:F1} s" : "not within 60 s"),
        ("latency p99 of reports outside the fault", P99(cluster.Answers.Where(a => a.Route == "report" && (a.At < from || a.At > back + TimeSpan.FromSeconds(10))))),
        ("'too many clients' in the processes' logs", $"{TooManyClients(cluster.Logs)}"),
    ];
}

// 9c: every order's P2 deadline is set by its customer's contract so that all fall due at the same moment, whatever
// second of the intake it was reported in: an order reported in second k belongs to contract storm-k, which allows
// (buckets - k) + lead seconds.
async Task<IReadOnlyList<(string, string)>> StormAsync()
{
    const int lead = 15;
    var buckets = Math.Max(20, stormOrders / 60);
    var settings = new Dictionary<string, string?> { ["Dispatch:Automatic"] = "false" };
    for (var k = 0; k <= buckets; k++)
    {
        settings[$"Sla:Contracts:storm-{k}:Priorities:high:DispatchWithin"] = TimeSpan.FromSeconds(buckets - k + lead).ToString();
    }

    await using var cluster = await FaultCluster.StartAsync(settings, technicians: 0, capacity, regions, maxConnections, fsync);
    var ids = new ConcurrentBag<string>();
    var dueTimes = new ConcurrentBag<DateTimeOffset>();
    var intake = Stopwatch.StartNew();
    var start = DateTimeOffset.UtcNow;
    await Parallel.ForEachAsync(Enumerable.Range(0, stormOrders), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (n, _) =>
    {
        var bucket = Math.Min(buckets, (int)intake.Elapsed.TotalSeconds);
        var reportedAt = DateTimeOffset.UtcNow;
        var (status, order) = await cluster.SendAsync(cluster.StaffToken, HttpMethod.Post, "/api/work-orders",
            FaultLoad.Body(regions[n % regions.Length], n, $"storm-{bucket}"), "report");
        if (status == HttpStatusCode.Created && (string?)order?["id"] is { } id)
        {
            ids.Add(id);
            dueTimes.Add(reportedAt + TimeSpan.FromSeconds(buckets - bucket + lead));
        }
    });
    intake.Stop();
    var acknowledged = ids.ToArray();
    var firstDue = dueTimes.Min();
    var lastDue = dueTimes.Max();
    Console.WriteLine($"  {acknowledged.Length} of {stormOrders} orders reported in {intake.Elapsed.TotalSeconds:F1} s; deadlines fall due " +
                      $"{(firstDue - DateTimeOffset.UtcNow).TotalSeconds:F0} s from now, spread over {(lastDue - firstDue).TotalSeconds:F1} s");

    // A reader during the storm: GET /api/work-orders/{id} on random orders, 8 at a time, from 5 s before the deadlines
    // until the storm has drained.
    using var readers = new CancellationTokenSource();
    var readLatencies = new ConcurrentBag<double>();
    var readFailures = 0;
    var reading = Task.Run(async () =>
    {
        var wait = firstDue - TimeSpan.FromSeconds(5) - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        await Task.WhenAll(Enumerable.Range(0, 8).Select(r => Task.Run(async () =>
        {
            var random = new Random(r);
            while (!readers.IsCancellationRequested)
            {
                var watch = Stopwatch.StartNew();
                var (status, _) = await cluster.SendAsync(cluster.StaffToken, HttpMethod.Get,
                    $"/api/work-orders/{acknowledged[random.Next(acknowledged.Length)]}", null, "storm-read");
                readLatencies.Add(watch.Elapsed.TotalMilliseconds);
                if (status != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref readFailures);
                }
            }
        })));
    });

    // Drained: every order breached, or nothing new for 60 s (what is missing then will not come by itself).
    long breached = 0;
    var lastProgress = Stopwatch.StartNew();
    while (true)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        var now = await ScalarAsync(cluster, "SELECT count(DISTINCT subject_id) FROM fs_audit WHERE subject_type = 'work-order' AND action = 'breach'");
        if (now > breached)
        {
            (breached, lastProgress) = (now, Stopwatch.StartNew());
        }

        if (breached >= acknowledged.Length || (DateTimeOffset.UtcNow > lastDue && lastProgress.Elapsed > TimeSpan.FromSeconds(60)))
        {
            break;
        }
    }

    // Escalated: every breach's escalation persisted (they follow the breach through the order's outbox), or nothing
    // new for 60 s.
    long escalated = 0;
    lastProgress = Stopwatch.StartNew();
    while (escalated < breached && lastProgress.Elapsed < TimeSpan.FromSeconds(60))
    {
        var now = await ScalarAsync(cluster, "SELECT count(DISTINCT work_order_id) FROM fs_escalation_index");
        if (now > escalated)
        {
            (escalated, lastProgress) = (now, Stopwatch.StartNew());
        }

        if (escalated < breached)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    var escalatedBy = DateTimeOffset.UtcNow;
    await readers.CancelAsync();
    await reading;
    var lastBreachAt = await TimeAsync(cluster, "SELECT max(at) FROM fs_audit WHERE subject_type = 'work-order' AND action = 'breach'");
    var breachRows = await ScalarAsync(cluster, "SELECT count(*) FROM fs_audit WHERE subject_type = 'work-order' AND action = 'breach'");
    var escalationRows = await ScalarAsync(cluster, "SELECT count(*) FROM fs_escalation_index");
    var reminders = await ScalarAsync(cluster, "SELECT count(*) FROM orleans_reminder");
    var sorted = readLatencies.Order().ToList();
    return
    [
        ("orders reported / acknowledged; intake rate", $"{stormOrders} / {acknowledged.Length}; {acknowledged.Length / intake.Elapsed.TotalSeconds:F0}/s"),
        ("deadlines' spread (first to last due)", $"{(lastDue - firstDue).TotalSeconds:F1} s"),
        ("time to drain (last due → last breach recorded)", lastBreachAt is { } at ? $"{(at - lastDue).TotalSeconds:F1} s" : "no breach"),
        ("breaches fired / due", $"{breached} / {acknowledged.Length}"),
        ("breach audit rows (more than orders = a clock breached twice)", $"{breachRows}"),
        ("escalations persisted / breaches (escalation rows)", $"{escalated} / {breached} ({escalationRows})"),
        ("time to escalate every breach (last due → all persisted, ±0.5 s)", escalated >= breached ? $"{(escalatedBy - lastDue).TotalSeconds:F1} s" : "not all"),
        ("reminder rows left (unbreached orders should keep theirs)", $"{reminders}"),
        ("'too many clients' in the processes' logs", $"{TooManyClients(cluster.Logs)}"),
        ("'fail:' / 'crit:' lines in the processes' logs", $"{Regex.Count(cluster.Logs, @"\bfail: ")} / {Regex.Count(cluster.Logs, @"\bcrit: ")}"),
        ("concurrent GET /api/work-orders/{id}: reads, p50 / p99 / max", sorted.Count == 0 ? "none" :
            $"{sorted.Count}, {BenchSupport.Percentile(sorted, 0.5):F0} / {BenchSupport.Percentile(sorted, 0.99):F0} / {sorted[^1]:F0} ms"),
        ("concurrent GETs not answered 200", $"{readFailures}"),
        ("HTTP 500 over the whole run", $"{cluster.Answers.Count(a => a.Status == 500)}"),
    ];
}

static string P99(IEnumerable<Answer> answers)
{
    var sorted = answers.Select(a => a.Took.TotalMilliseconds).Order().ToList();
    return sorted.Count == 0 ? "none" : $"{BenchSupport.Percentile(sorted, 0.99):F0} ms";
}

static int TooManyClients(string logs) => Regex.Count(logs, "too many clients", RegexOptions.IgnoreCase);

static async Task<long> ScalarAsync(FaultCluster cluster, string sql)
{
    try
    {
        await using var command = cluster.Data.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
    catch (Npgsql.NpgsqlException)
    {
        // The storm may take every connection the server has; the count is asked again on the next round.
        return -1;
    }
}

static async Task<DateTimeOffset?> TimeAsync(FaultCluster cluster, string sql)
{
    await using var command = cluster.Data.CreateCommand(sql);
    return await command.ExecuteScalarAsync() is DateTime at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null;
}
