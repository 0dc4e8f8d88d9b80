using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using FieldService.Testing;
using FieldService.Tests.Infrastructure;
using FieldService.Silo.Hosting;
using FieldService.WorkOrders;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace FieldService.Tests.Faults;

/// <summary>Issue 17, point 4: a silo asked to stop (SIGTERM, as Kubernetes, compose or systemd ask) under load leaves
/// the cluster without costing a single request — unlike SIGKILL (issue 12, <see cref="SiloLossTests"/>), whose
/// failure detection costs seconds of 503s. Two web host processes co-host the silos of one PostgreSQL cluster; the
/// load runs through the one that stays (the terminated one was taken out of the rotation first, as a load balancer
/// drains a pod being stopped: docs/deploy.md), or through a third web host that joins as a cluster client, as the web
/// hosts of deploy/kubernetes do, whose gateway connection to the stopping silo goes away under it.</summary>
[Collection(PostgresCollection.Name)]
public sealed class GracefulShutdownTests(ITestOutputHelper output)
{
    private const int Survivor = 0;
    private const int Doomed = 1;
    private const int Client = 2;

    /// <summary>The silo's stop budget: <c>DOTNET_shutdownTimeoutSeconds</c> in deploy/kubernetes/silo.yaml, 15 s
    /// inside its <c>terminationGracePeriodSeconds</c>.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(45);

    /// <summary>A call that reaches a grain while its silo deactivates it waits for that and for the forwarding: up to
    /// 3.1 s measured on the 2-core machine while other builds ran (the stop itself then took 4.2 s). The bound is
    /// half the response timeout (10 s), which a call lost with the silo would wait out.</summary>
    private static readonly TimeSpan SlowestAllowed = TimeSpan.FromSeconds(5);

    /// <summary>The P2 and P3 deadlines of the orders left waiting: long enough to fall due after the silo has gone.</summary>
    private static readonly TimeSpan ClockDue = TimeSpan.FromSeconds(25);

    /// <summary>A moved clock fires at its reminder's next tick (5 s, <see cref="ClockFailoverTests"/>), plus margin.</summary>
    private static readonly TimeSpan ClockLateAllowed = TimeSpan.FromSeconds(12);

    /// <summary>What remains of a repair on site, in order: who gives each step.</summary>
    private static readonly (string Command, object? Body, bool ByTechnician)[] OnSiteToCleanup =
    [
        ("diagnosis", new { cause = "worn part", complex = false }, true), ("start-repair", null, true), ("complete", FaultLoad.CompleteBody, true),
        ("inspection", FaultLoad.InspectionBody, false), ("acceptance", FaultLoad.SignatureBody, true), ("cleanup", null, true),
    ];

    [Theory]
    [InlineData("the surviving co-hosted web host")]
    [InlineData("a client web host")]
    public async Task Faults_sigterm_to_a_silo_under_load_hands_over_its_grains_and_reminders_with_0_failed_requests(string loadThrough)
    {
        var viaClient = loadThrough.StartsWith("a client", StringComparison.Ordinal);
        var settings = new Dictionary<string, string?>
        {
            // Orders are placed by hand, so every step of the load is legal and must answer 2xx.
            ["Dispatch:Automatic"] = "false",
            ["Quality:Sampling"] = "Always",
            ["Sla:Priorities:high:DispatchWithin"] = ClockDue.ToString(),
            ["Sla:Priorities:high:AcceptWithin"] = ClockDue.ToString(),
            // The stop budget of deploy/kubernetes/silo.yaml rather than .NET's 30 s default.
            ["DOTNET_shutdownTimeoutSeconds"] = ((int)Grace.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        await using var cluster = await FaultCluster.StartAsync(settings, technicians: 12, capacity: 6, ["north"], clients: viaClient ? 1 : 0);
        var residentTechnicians = cluster.Technicians.Keys.Order().Take(4).ToArray();
        var loadTechnicians = cluster.Technicians.Keys.Order().Skip(4).ToArray();

        // Residents, made through the doomed process so their grains live on its silo: repairs on site that the load
        // carries on after the handover, and orders whose P2 (waiting) or P3 (offered, never answered) clock falls due
        // after the silo has gone.
        var staff = cluster.StaffToken;
        var onSite = new List<Resident>();
        for (var i = 0; i < 8; i++)
        {
            var technician = residentTechnicians[i % residentTechnicians.Length];
            var id = await ReportAsync(cluster, Doomed, "north", 1000 + i);
            await StepAsync(cluster, Doomed, staff, id, "triage", new { onSite = true });
            await StepAsync(cluster, Doomed, staff, id, "dispatch", new { technicianId = technician, reason = "nearest" });
            foreach (var (command, body) in new (string, object?)[] { ("accept", null), ("en-route", new { }), ("arrive", null) })
            {
                await StepAsync(cluster, Doomed, cluster.TechnicianToken(technician), id, command, body);
            }

            onSite.Add(new Resident(id, technician));
        }

        var waiting = new List<Resident>();
        var offered = new List<Resident>();
        for (var i = 0; i < 8; i++)
        {
            // Nobody works in the east: the order waits until its P2 clock breaches.
            var id = await ReportAsync(cluster, Doomed, "east", 2000 + i);
            await StepAsync(cluster, Doomed, staff, id, "triage", new { onSite = true });
            waiting.Add(new Resident(id, null));
            var technician = residentTechnicians[i % residentTechnicians.Length];
            id = await ReportAsync(cluster, Doomed, "north", 3000 + i);
            await StepAsync(cluster, Doomed, staff, id, "triage", new { onSite = true });
            await StepAsync(cluster, Doomed, staff, id, "dispatch", new { technicianId = technician, reason = "nearest" });
            offered.Add(new Resident(id, technician));
        }

        var residents = onSite.Concat(waiting).Concat(offered).ToArray();

        // Where the residents' grains are active, asked of the cluster itself by a client of the test's own: the
        // handover is only shown for those on the silo that stops. Placement is Orleans' own (not the caller's silo),
        // so 13–21 of the 24 were there in the runs measured; a quarter is asked for.
        using var observer = await ObserverAsync(cluster);
        var placedBefore = await SilosOfAsync(observer, residents);
        var onDoomed = placedBefore.Count(p => p == cluster.SiloPort(Doomed));
        Assert.True(onDoomed >= residents.Length / 4,
            $"at least a quarter of the residents should be active on the silo that stops (port {cluster.SiloPort(Doomed)}); they are on {string.Join(", ", placedBefore)}");
        var load = new SteadyLoad(cluster, viaClient ? Client : Survivor, loadTechnicians, residents, onSite);
        var loadStart = cluster.Clock.Elapsed;
        var running = load.RunAsync();

        // A few seconds of steady load, reaching both silos' grains, before the stop.
        var warmedUp = load.RequestsAsync(40);
        if (await Task.WhenAny(warmedUp, running, Task.Delay(TimeSpan.FromSeconds(30))) != warmedUp)
        {
            Assert.Fail("the load should have 40 answers within 30 s of starting");
        }

        var terminatedAt = DateTimeOffset.UtcNow;
        var stopFrom = cluster.Clock.Elapsed;
        var (exitCode, toExit) = await cluster.TerminateAsync(Doomed, Grace);
        var exitedAt = DateTimeOffset.UtcNow;
        load.SiloGone(cluster.Clock.Elapsed);
        await running;

        var placedAfter = await SilosOfAsync(observer, residents);
        var answers = cluster.Answers.Where(a => a.At >= loadStart).ToArray();
        var failed = cluster.Answers.Where(a => a.Status is < 200 or > 299).ToArray();
        var slowest = answers.MaxBy(a => a.Took)!;
        var membership = await MembershipAsync(cluster);
        var clocks = residents.Where(r => r.Technician is null || offered.Contains(r)).Select(r => (r.Id, Clock: load.LastRead(r.Id)?["clocks"]))
            .Select(r => (r.Id, Clause: waiting.Any(w => w.Id == r.Id) ? "P2" : "P3", r.Clock)).ToArray();
        var late = clocks.Select(c => (c.Clock as JsonArray ?? []).LastOrDefault(k => (string?)k?["clause"] == c.Clause))
            .Where(k => k?["breachedAt"] is not null)
            .Select(k => k!["breachedAt"]!.GetValue<DateTimeOffset>() - k["dueAt"]!.GetValue<DateTimeOffset>()).DefaultIfEmpty().Max();
        var figures = $"through {loadThrough}: requests {answers.Length} (during the stop {answers.Count(a => a.At >= stopFrom && a.At <= load.GoneAt)}), failed {failed.Length}, " +
                      $"slowest {slowest.Took.TotalMilliseconds:0} ms ({slowest.Route}, sent {(slowest.At - stopFrom).TotalSeconds:+0.0;-0.0} s from SIGTERM), p99 {Percentile(answers, 0.99).TotalMilliseconds:0} ms; " +
                      $"SIGTERM to exit {toExit.TotalSeconds:0.0} s (exit code {exitCode?.ToString() ?? "none"}); " +
                      $"residents active on the stopped silo {onDoomed} of {residents.Length}, after the stop on the survivor {placedAfter.Count(p => p == cluster.SiloPort(Survivor))}; " +
                      $"resident steps after the stop {load.StepsAfterGone}; {clocks.Length} P2/P3 clocks due after the exit, latest fired {late.TotalSeconds:0.0} s after due; membership {string.Join(", ", membership.Select(m => $"{m.Port}: {m.Status}{(m.Suspected ? " suspected" : "")}"))}";
        output.WriteLine(figures);
        output.WriteLine(string.Join("; ", failed.Take(10).Select(f => $"{f.Route} {f.Status} at {f.At.TotalSeconds:0.0} s")));

        Assert.True(exitCode == 0, $"the terminated process should exit 0 within {Grace}: {figures}\n{cluster.Logs[^Math.Min(cluster.Logs.Length, 6000)..]}");
        var gone = Assert.Single(membership, m => m.Port == cluster.SiloPort(Doomed));
        Assert.True(gone.Status == Orleans.Runtime.SiloStatus.Dead && !gone.Suspected,
            $"the terminated silo should have written itself Dead, unsuspected: {figures}");
        var stays = Assert.Single(membership, m => m.Port == cluster.SiloPort(Survivor));
        Assert.True(stays.Status == Orleans.Runtime.SiloStatus.Active && !stays.Suspected, $"the survivor should be Active, unsuspected: {figures}");
        Assert.True(failed.Length == 0, $"every request should answer 2xx (no 503, no refused connection): {figures}; " +
                                        string.Join("; ", failed.Take(10).Select(f => $"{f.Route} {f.Status} at {f.At.TotalSeconds:0.0} s")) +
                                        $"\nthe processes' warnings:\n{Warnings(cluster.Logs)}");
        Assert.True(slowest.Took < SlowestAllowed, $"no request should take {SlowestAllowed} or more: {figures}");
        Assert.True(placedAfter.All(p => p == cluster.SiloPort(Survivor)), $"every resident should be active on the survivor after the stop: {string.Join(", ", placedAfter)}");
        Assert.True(load.Regressions.IsEmpty, $"an order's version should never go back: {string.Join("; ", load.Regressions.Take(5))}");
        Assert.True(load.StepsAfterGone > 0 && onSite.All(r => load.LastRead(r.Id)?["status"]?.GetValue<string>() == "cleaned-up"),
            $"every repair on site should have been carried to clean-up on the survivor: " +
            string.Join(", ", onSite.Select(r => $"{r.Id}: {load.LastRead(r.Id)?["status"]}")));
        foreach (var (id, clause, list) in clocks)
        {
            var clock = (list as JsonArray ?? []).LastOrDefault(c => (string?)c?["clause"] == clause);
            Assert.True(clock is not null, $"order {id} should have a {clause} clock");
            var due = clock["dueAt"]!.GetValue<DateTimeOffset>();
            Assert.True(due > exitedAt, $"order {id}'s {clause} clock fell due at {due:O}, before the silo had gone ({exitedAt:O}): lengthen ClockDue");
            var breached = clock["breachedAt"]?.GetValue<DateTimeOffset>();
            Assert.True(breached is { } b && b - due <= ClockLateAllowed,
                $"order {id}'s {clause} clock due {due:O} should have breached on the survivor within {ClockLateAllowed}; it reads {clock.ToJsonString()} (SIGTERM at {terminatedAt:O})");
        }
    }

    /// <summary>A cluster client in the test process, joined through the membership table as the client web host is.</summary>
    private static async Task<IHost> ObserverAsync(FaultCluster cluster)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{FieldServiceHosting.ConnectionStringName}"] = cluster.Connection,
            ["Orleans:ClusterId"] = cluster.ClusterId,
        });
        builder.AddFieldServiceClient();
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>The silo port each resident's work order is active on (0: not active anywhere).</summary>
    private static async Task<int[]> SilosOfAsync(IHost observer, IEnumerable<Resident> residents)
    {
        var grains = observer.Services.GetRequiredService<IGrainFactory>();
        var management = grains.GetGrain<IManagementGrain>(0);
        var ports = new List<int>();
        foreach (var resident in residents)
        {
            var silo = await management.GetActivationAddress(grains.GetGrain<IWorkOrderGrain>(resident.Id));
            ports.Add(silo?.Endpoint.Port ?? 0);
        }

        return [.. ports];
    }

    /// <summary>The processes' warning and error entries (the console logger's first line and the one after it).</summary>
    private static string Warnings(string logs)
    {
        var lines = logs.Split('\n');
        return string.Join('\n', lines.Select((line, i) => (line, i)).Where(l => l.line.StartsWith("warn:", StringComparison.Ordinal) || l.line.StartsWith("fail:", StringComparison.Ordinal))
            .SelectMany(l => lines.Skip(l.i).Take(4)).TakeLast(80));
    }

    private static TimeSpan Percentile(IReadOnlyList<Answer> answers, double p) =>
        answers.Select(a => a.Took).Order().ElementAt(Math.Min(answers.Count - 1, (int)Math.Floor(p * answers.Count)));

    private static async Task<string> ReportAsync(FaultCluster cluster, int via, string region, int n)
    {
        var (status, order) = await cluster.SendAsync(cluster.StaffToken, HttpMethod.Post, "/api/work-orders", FaultLoad.Body(region, n), "report", via);
        Assert.True(status == HttpStatusCode.Created, $"report should answer 201, answered {(int)status}");
        return (string)order!["id"]!;
    }

    private static async Task<JsonNode?> StepAsync(FaultCluster cluster, int via, string token, string id, string command, object? body)
    {
        var (status, order) = await cluster.SendAsync(token, HttpMethod.Post, $"/api/work-orders/{id}/{command}", body, command, via);
        Assert.True(status == HttpStatusCode.OK, $"{command} of {id} should answer 200, answered {(int)status}");
        return order;
    }

    private static async Task<IReadOnlyList<(int Port, Orleans.Runtime.SiloStatus Status, bool Suspected)>> MembershipAsync(FaultCluster cluster)
    {
        await using var command = cluster.Data.CreateCommand("SELECT port, status, suspect_times FROM orleans_membership_silo");
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(int, Orleans.Runtime.SiloStatus, bool)>();
        while (await reader.ReadAsync())
        {
            var port = reader.GetInt32(0);
            // A silo that stops writes itself into its own row's suspect list ("ip:port@generation,time", '|'-separated)
            // for diagnostics; a vote by any other silo means it was detected as failed rather than left.
            var suspectors = reader.IsDBNull(2) ? [] : reader.GetString(2).Split('|', StringSplitOptions.RemoveEmptyEntries).Select(s => s.Split(',')[0]);
            rows.Add((port, (Orleans.Runtime.SiloStatus)reader.GetInt32(1), suspectors.Any(s => !s.Contains($":{port}@", StringComparison.Ordinal))));
        }

        return rows;
    }

    private sealed record Resident(string Id, string? Technician);

    /// <summary>The load, all through one web host that stays: a new order carried from report to clean-up each second, the
    /// residents read four times a second each way round, and a step of a resident repair every half second. It runs
    /// until ten seconds after the silo has gone, the repairs are done and every resident clock has breached (at most
    /// a minute after the stop).</summary>
    private sealed class SteadyLoad(FaultCluster cluster, int via, IReadOnlyList<string> technicians, IReadOnlyList<Resident> residents, IReadOnlyList<Resident> onSite)
    {
        private readonly ConcurrentDictionary<string, JsonNode> lastRead = new();
        private readonly TaskCompletionSource gone = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ConcurrentQueue<(int Count, TaskCompletionSource Done)> waiters = new();
        private int requests;

        public ConcurrentQueue<string> Regressions { get; } = new();

        public TimeSpan GoneAt { get; private set; } = TimeSpan.MaxValue;

        public int StepsAfterGone { get; private set; }

        public JsonNode? LastRead(string id) => lastRead.GetValueOrDefault(id);

        public void SiloGone(TimeSpan at)
        {
            GoneAt = at;
            gone.TrySetResult();
        }

        /// <summary>Completes once the load has had <paramref name="count"/> answers.</summary>
        public Task RequestsAsync(int count)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Enqueue((count, done));
            Signal();
            return done.Task;
        }

        public async Task RunAsync()
        {
            using var pacing = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
            var chains = new List<Task>();
            Task stepping = Task.CompletedTask;
            var (tick, read, step) = (0, 0, 0);
            // Step by step across the repairs, so each repair's steps are spread over the whole run (before and after the stop).
            var steps = OnSiteToCleanup.SelectMany(s => onSite.Select(r => (Resident: r, s.Command, s.Body, s.ByTechnician))).ToArray();
            while (true)
            {
                await pacing.WaitForNextTickAsync();
                tick++;
                if (gone.Task.IsCompleted && Done())
                {
                    break;
                }

                if (tick % 4 == 0)
                {
                    chains.Add(ChainAsync(tick));
                }

                for (var r = 0; r < 2; r++)
                {
                    var resident = residents[read++ % residents.Count];
                    await ReadAsync(resident.Id);
                }

                if (tick % 2 == 0 && stepping.IsCompleted && step < steps.Length)
                {
                    var next = steps[step++];
                    stepping = StepAsync(next.Resident, next.Command, next.Body, next.ByTechnician);
                }
            }

            await stepping;
            await Task.WhenAll(chains);
            bool Done() => cluster.Clock.Elapsed - GoneAt > TimeSpan.FromMinutes(1) ||
                           (cluster.Clock.Elapsed - GoneAt > TimeSpan.FromSeconds(10) && step == steps.Length && stepping.IsCompleted && ClocksFired());
        }

        private bool ClocksFired() => residents.Where(r => !onSite.Contains(r)).All(r =>
            LastRead(r.Id)?["clocks"] is JsonArray clocks && clocks.Any(c => c?["breachedAt"] is not null));

        private async Task ReadAsync(string id)
        {
            var (status, order) = await SendAsync(cluster.StaffToken, HttpMethod.Get, $"/api/work-orders/{id}", null, "read");
            if (status == HttpStatusCode.OK && order is not null)
            {
                Remember(id, order);
            }
        }

        private void Remember(string id, JsonNode order)
        {
            var version = order["version"]!.GetValue<long>();
            if (lastRead.TryGetValue(id, out var before) && before["version"]!.GetValue<long>() > version)
            {
                Regressions.Enqueue($"{id}: version {before["version"]} then {version}");
            }

            lastRead[id] = order;
        }

        private async Task StepAsync(Resident resident, string command, object? body, bool byTechnician)
        {
            var token = byTechnician ? cluster.TechnicianToken(resident.Technician!) : cluster.StaffToken;
            var (status, order) = await SendAsync(token, HttpMethod.Post, $"/api/work-orders/{resident.Id}/{command}", body, command);
            if (status == HttpStatusCode.OK && order is not null)
            {
                Remember(resident.Id, order);
                if (gone.Task.IsCompleted)
                {
                    StepsAfterGone++;
                }
            }
        }

        /// <summary>One new order from report to clean-up; stops at the first answer that is not 2xx (the test fails on it).</summary>
        private async Task ChainAsync(int n)
        {
            var technician = technicians[n / 4 % technicians.Count];
            var (status, order) = await SendAsync(cluster.StaffToken, HttpMethod.Post, "/api/work-orders", FaultLoad.Body("north", n), "report");
            if (status != HttpStatusCode.Created || (string?)order?["id"] is not { } id)
            {
                return;
            }

            var steps = new (string Command, object? Body, bool ByTechnician)[]
            {
                ("triage", new { onSite = true }, false), ("dispatch", new { technicianId = technician, reason = "nearest" }, false),
                ("accept", null, true), ("en-route", new { }, true), ("arrive", null, true),
            }.Concat(OnSiteToCleanup);
            foreach (var (command, body, byTechnician) in steps)
            {
                var token = byTechnician ? cluster.TechnicianToken(technician) : cluster.StaffToken;
                if ((await SendAsync(token, HttpMethod.Post, $"/api/work-orders/{id}/{command}", body, command)).Status != HttpStatusCode.OK)
                {
                    return;
                }
            }
        }

        private async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(string token, HttpMethod method, string path, object? body, string route)
        {
            var answer = await cluster.SendAsync(token, method, path, body, route, via);
            Interlocked.Increment(ref requests);
            Signal();
            return answer;
        }

        private void Signal()
        {
            foreach (var (count, done) in waiters)
            {
                if (Volatile.Read(ref requests) >= count)
                {
                    done.TrySetResult();
                }
            }
        }
    }
}
