using System.Collections.Concurrent;
using System.Diagnostics;
using FieldService.Boards;
using FieldService.Complaints;
using FieldService.Parts;
using FieldService.Quality;
using Microsoft.Extensions.DependencyInjection;

namespace FieldService.Bench;

/// <summary>
/// Issue 17 point 6: the ceiling of one of the grains that are single per cluster or per region (the inspection
/// samplers, one per region since 17.6; the parts catalog, the complaint directory, a standard version's usage list, a board stream). One durable silo in this
/// process, on a throwaway PostgreSQL (fsync on); the grain is first given the state a 10× company would give it (<c>--preload</c>), then called at an
/// offered rate that doubles every step (open loop: calls go out on time whether or not earlier ones have answered).
/// A step keeps up when it answers at least 95 % of its calls within the step and its p99 stays under a second (past
/// that, calls are queueing in the grain rather than being served); the first step that does not is the knee, and the
/// one before it the ceiling. The p50/p99 of each step show where latency starts to climb before that.
/// </summary>
public static class Ceilings
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(5);
    private const double KeepsUpShare = 0.95;
    private const double KeepsUpP99Ms = 1000;

    public static async Task RunAsync(string grain, string[] args)
    {
        var (server, connection) = await BenchSupport.DatabaseAsync(BenchSupport.ArgText(args, "--connection"), fsync: BenchSupport.ArgText(args, "--fsync") != "off");
        await using var _ = server;
        using var host = await BenchSupport.StartSiloAsync(connection, "ceiling-" + Guid.NewGuid().ToString("N")[..8]);
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        // Calls run on many threads at once: the shared, thread-safe generator.
        var random = Random.Shared;
        Func<int, Task> call;
        string what;
        switch (grain)
        {
            case "sampler":
            {
                // Q3's tallies, one sampler per region (issue 17.6): a region's grain holds its region's tally and its
                // technicians' (here 5,000 technicians over 50 regions: ~100 each), written at each of its decisions.
                // Completions come from random technicians, each in their own region, so the calls spread over the regions.
                var technicians = BenchSupport.Arg(args, "--preload", 5000);
                var regions = BenchSupport.Arg(args, "--regions", 50);
                IRegionSamplerGrain Sampler(int t) => grains.GetGrain<IRegionSamplerGrain>($"r{t % regions:D2}");
                await PreloadAsync(technicians, t => Sampler(t).DecideAsync($"pre-{t}", $"t{t:D5}"));
                call = n =>
                {
                    var t = random.Next(technicians);
                    return Sampler(t).DecideAsync($"wo-{n}", $"t{t:D5}");
                };
                what = $"DecideAsync (one per completion) over {regions} region samplers, {technicians} technicians' tallies in all (~{technicians / regions} per region)";
                break;
            }

            case "catalog":
            {
                var catalog = grains.GetGrain<IPartsCatalogGrain>(0);
                var skus = BenchSupport.Arg(args, "--preload", 2000);
                var actor = new Actor("bench", Roles.Storekeeper);
                await PreloadAsync(skus, s => catalog.SaveSkuAsync(new PartSku($"P-{s}", "Part", "pc", 10, ["hvac"], s % 20 == 0, "B"), actor));
                call = n => catalog.GetSkuAsync($"P-{random.Next(skus)}");
                what = $"GetSkuAsync (a bin's first activation, each completion's key parts), {skus} parts in the catalog";
                break;
            }

            case "catalog-write":
            {
                var catalog = grains.GetGrain<IPartsCatalogGrain>(0);
                var waiting = BenchSupport.Arg(args, "--preload", 500);
                await PreloadAsync(waiting, w => catalog.SetWaitingAsync($"pre-{w}", $"wh-r{w % 50:D2}/P-{w % 200}", 1));
                // Each order that waits for parts writes its demand and clears it when the parts come: a set, then a clear.
                call = n => catalog.SetWaitingAsync($"wo-{n / 2}", "wh-r00/P-1", n % 2 == 0 ? 1 : 0);
                what = $"SetWaitingAsync (an order waiting for parts and its parts arriving), {waiting} orders already waiting";
                break;
            }

            case "complaints":
            {
                // The directory grain is stateless over fs_complaint (issue 17.6): each upsert is one row in the records
                // writer's next batch, however many complaints the table already holds.
                var directory = grains.GetGrain<IComplaintDirectoryGrain>(0);
                var complaints = BenchSupport.Arg(args, "--preload", 2000);
                var at = DateTimeOffset.UtcNow;
                ComplaintSummary Summary(int c, long version) =>
                    new($"cp-{c}", ComplaintStatus.Opened, $"wo-{c}", $"t{c % 5000:D5}", $"c{c}", ComplaintCategory.Timeliness, null, at.AddSeconds(c), at, version);
                await PreloadAsync(complaints, c => directory.UpsertAsync(Summary(c, 1)));
                await ListingAsync(directory);
                // A complaint's four changes (opened, investigated, resolved, fed back) lie hours apart, so no two calls near
                // each other change one complaint (the records writer would fold them into one row): every fourth call
                // opens a new complaint, the others move on a different preloaded one each.
                call = n => directory.UpsertAsync(n % 4 == 0 ? Summary(complaints + n / 4, 1) : Summary(n % complaints, 2 + n / complaints));
                what = $"UpsertAsync (each change of a complaint: one new in four), {complaints} complaints in the directory";
                break;
            }

            case "standard-usage":
            {
                // Q1: every completion checked against a standard version is recorded under that version (rows of fs_standard_use).
                var usage = grains.GetGrain<IStandardUsageGrain>(StandardUsage.Key("general", 1));
                var uses = BenchSupport.Arg(args, "--preload", 2000);
                var at = DateTimeOffset.UtcNow;
                await PreloadAsync(uses, u => usage.RecordAsync(new StandardUse($"pre-{u}", $"t{u % 5000:D5}", at, true)));
                call = n => usage.RecordAsync(new StandardUse($"wo-{n}", $"t{n % 5000:D5}", at, true));
                what = $"RecordAsync (each completion's self-check), {uses} orders already recorded against the version";
                break;
            }

            case "board":
            {
                var stream = BenchSupport.ArgText(args, "--stream") ?? BoardStreams.Inspection;
                var board = grains.GetGrain<IBoardGrain>(stream);
                // One observer, as one web host registers: the grain's per-change cost includes one push.
                var observer = new CountingObserver();
                await board.SubscribeAsync(grains.CreateObjectReference<IBoardObserver>(observer));
                var card = new BoardChange(BoardChange.InspectionKind, DateTimeOffset.UtcNow);
                call = _ => board.PublishAsync(card);
                what = $"PublishAsync on board '{stream}' with one web host observing";
                break;
            }

            default:
                throw new ArgumentException($"--ceiling {grain}: name one of sampler, catalog, catalog-write, complaints, standard-usage, board");
        }

        Console.WriteLine($"ceiling of {grain}: {what}; {Environment.ProcessorCount} cores, load average {ProcessMeter.LoadAverage()}");
        Console.WriteLine("| offered calls/s | answered in step | answered/s | p50 ms | p99 ms | keeps up |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---|");
        var ceiling = 0.0;
        var n = 0;
        for (var rate = BenchSupport.Arg(args, "--from", 5); rate <= 200_000; rate *= 2)
        {
            var (answered, p50, p99) = await StepAsync(call, rate, () => n++);
            var perSecond = answered / Step.TotalSeconds;
            var keepsUp = answered >= KeepsUpShare * rate * Step.TotalSeconds && p99 < KeepsUpP99Ms;
            Console.WriteLine($"| {rate} | {answered} | {perSecond:0} | {p50:0.0} | {p99:0.0} | {(keepsUp ? "yes" : "**no**")} |");
            if (!keepsUp)
            {
                break;
            }

            ceiling = perSecond;
            // Let what is still queued drain, so the next step starts from an idle grain.
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        Console.WriteLine($"ceiling (last step that kept up): **{ceiling:0} calls/s**; load average {ProcessMeter.LoadAverage()}");
        await host.StopAsync();
    }

    /// <summary>Gives the grain its starting state; the grain takes the calls one at a time anyway.</summary>
    private static async Task PreloadAsync(int count, Func<int, Task> one)
    {
        var clock = Stopwatch.StartNew();
        for (var start = 0; start < count; start += 100)
        {
            await Task.WhenAll(Enumerable.Range(start, Math.Min(100, count - start)).Select(one));
        }

        Console.WriteLine($"preloaded {count} in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>What a listing costs at the preloaded size: the first page of all complaints (its total counts every row)
    /// and of one technician's, each asked 20 times one after another.</summary>
    private static async Task ListingAsync(IComplaintDirectoryGrain directory)
    {
        foreach (var (name, query) in new[]
                 {
                     ("all, page 1 of 20", new ComplaintQuery(null, null, null, null, 1, 20)),
                     ("one technician's, page 1 of 20", new ComplaintQuery(null, null, "t00007", null, 1, 20)),
                 })
        {
            var latencies = new List<double>();
            long total = 0;
            for (var i = 0; i < 20; i++)
            {
                var clock = Stopwatch.StartNew();
                total = (await directory.ListAsync(query)).Total;
                latencies.Add(clock.Elapsed.TotalMilliseconds);
            }

            latencies.Sort();
            Console.WriteLine($"listing {name} (total {total}): p50 {BenchSupport.Percentile(latencies, 0.5):0.0} ms, max {latencies[^1]:0.0} ms");
        }
    }

    /// <summary>Calls at <paramref name="rate"/>/s for one step; counts the calls answered before the step ended (a call
    /// still queued then did not keep up) and their latency.</summary>
    private static async Task<(int Answered, double P50, double P99)> StepAsync(Func<int, Task> call, int rate, Func<int> next)
    {
        var latencies = new ConcurrentBag<double>();
        var clock = Stopwatch.StartNew();
        var calls = new List<Task>();
        for (var sent = 0; clock.Elapsed < Step; sent++)
        {
            var due = TimeSpan.FromSeconds((double)sent / rate);
            if (due > clock.Elapsed + TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(due - clock.Elapsed);
            }

            var started = clock.Elapsed;
            var id = next();
            calls.Add(Task.Run(async () =>
            {
                await call(id);
                var done = clock.Elapsed;
                if (done <= Step)
                {
                    latencies.Add((done - started).TotalMilliseconds);
                }
            }));
        }

        await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(120));
        var sorted = latencies.OrderBy(v => v).ToList();
        return sorted.Count == 0 ? (0, double.NaN, double.NaN) : (sorted.Count, BenchSupport.Percentile(sorted, 0.5), BenchSupport.Percentile(sorted, 0.99));
    }

    private sealed class CountingObserver : IBoardObserver
    {
        private long received;

        public Task OnDeltaAsync(BoardDelta delta)
        {
            Interlocked.Increment(ref received);
            return Task.CompletedTask;
        }
    }
}
