using FieldService.Bench;
using System.Diagnostics;
using System.Globalization;
using FieldService;
using FieldService.Grains.Dispatching;
using FieldService.Silo.Hosting;
using FieldService.Technicians;
using FieldService.Testing;
using FieldService.WorkOrders;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

// Dispatch benchmark (issue 5). A generated instance (technicians and orders at random positions, with random
// skills) is dispatched by the platform: the orders are triaged at once and automatic dispatch places them.
// Prints (a) the platform's total travel distance against the optimum of a min-cost assignment of the same batch
// (same hard rules and capacities, distance only) and how many orders each placed; (b) decision latency per order
// (triaged -> dispatched) p50/p99; (c) orders dispatched per second.
//
//   dotnet run -c Release --project bench/DispatchBench -- [--technicians 50] [--orders 500] [--capacity 10] [--seed 1]
//                                                          [--durable] [--connection "Host=...;Database=..."]
//
// Embedded mode by default; --durable starts a throwaway PostgreSQL (fsync on), --connection uses yours.
var technicianCount = Arg("--technicians", 50);
var orderCount = Arg("--orders", 500);
var capacity = Arg("--capacity", 10);
var seed = Arg("--seed", 1);
var connection = ArgText("--connection");
var durable = args.Contains("--durable") || connection is not null;

var (server, database) = durable ? await BenchSupport.DatabaseAsync(connection, fsync: true) : (null, null);
await using var throwaway = server;
using var host = await BenchSupport.StartSiloAsync(database, "dispatch-bench");
var grains = host.Services.GetRequiredService<IGrainFactory>();
var options = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DispatchOptions>>().Value;

// The instance: a 40 km square around a city centre; three trades, levels 1-5.
var random = new Random(seed);
string[] trades = ["hvac", "electrical", "plumbing"];
GeoPoint Somewhere() => new(31.05 + (random.NextDouble() * 0.36), 121.25 + (random.NextDouble() * 0.42));
var region = $"bench-{seed}";
var technicians = Enumerable.Range(0, technicianCount).Select(i => new Technician
{
    Id = $"bench-t{i}",
    Profile = new TechnicianProfile($"Technician {i}", region,
        trades.Where(_ => random.NextDouble() < 0.6).DefaultIfEmpty(trades[i % 3]).Select(t => new Skill(t, random.Next(1, 6))).ToArray(),
        Somewhere(), capacity, null),
    DutyStatus = TechnicianStatus.Available,
}).ToList();
var intakes = Enumerable.Range(0, orderCount).Select(i => new ReportFault(
    new Customer($"Customer {i}", "+86 21 5555 0000", null, $"{i} Bench Road", Somewhere()),
    new Product("AC-9000", $"SN-{i}", "hvac", false), new Fault("bench fault", Channel.Web), random.NextDouble() < 0.05 ? Priority.Emergency : Priority.Normal,
    region, new SkillRequirement(trades[random.Next(3)], random.Next(1, 5)), null, null)).ToList();

var manager = new Actor("bench", Roles.Manager);
var agent = new Actor("bench", Roles.Agent);
foreach (var technician in technicians)
{
    await grains.GetGrain<ITechnicianGrain>(technician.Id).SaveProfileAsync(technician.Profile, manager);
}

var orders = intakes.Select((_, i) => grains.GetGrain<IWorkOrderGrain>($"bench-{seed}-{i}-{Guid.NewGuid():N}")).ToList();
await Task.WhenAll(orders.Select((order, i) => order.ReportAsync(intakes[i], agent)));

Console.WriteLine($"dispatch benchmark: {technicianCount} technicians (capacity {capacity}), {orderCount} orders, seed {seed}, " +
                  $"{(durable ? "durable mode (PostgreSQL, fsync on)" : "embedded mode")}");
var clock = Stopwatch.StartNew();
await Task.WhenAll(orders.Select(order => order.ExecuteAsync(new Triage(true, null), agent)));

// Wait until nothing moves: every order placed or queued, and no change for a second.
var settled = 0;
var placedBefore = -1;
List<WorkOrder> states = [];
while (settled < 5 && clock.Elapsed < TimeSpan.FromMinutes(5))
{
    await Task.Delay(200);
    states = (await Task.WhenAll(orders.Select(o => o.GetAsync()))).Select(o => o!).ToList();
    var placed = states.Count(o => o.TechnicianId is not null);
    settled = placed == placedBefore ? settled + 1 : 0;
    placedBefore = placed;
}

var assigned = states.Where(o => o.TechnicianId is not null).ToList();
var byId = technicians.ToDictionary(t => t.Id);
var platformKm = assigned.Sum(o => DispatchRules.DistanceKm(byId[o.TechnicianId!].Profile.Home, o.Customer.Location!));

// The optimum: the same batch, the same hard rules and capacities, distance alone, every order at once.
var slots = technicians.SelectMany(t => Enumerable.Repeat(t, t.Profile.Capacity)).ToList();
var cost = new double[orderCount, slots.Count];
for (var r = 0; r < orderCount; r++)
{
    var request = new FieldService.Dispatching.DispatchRequest("o", region, intakes[r].Priority, DateTimeOffset.UtcNow, intakes[r].Customer.Location,
        intakes[r].RequiredSkill, [], "bench");
    for (var c = 0; c < slots.Count; c++)
    {
        cost[r, c] = DispatchRules.SkillMargin(slots[c], request.Skill) is null
            ? FieldService.Grains.Dispatching.AssignmentSolver.Forbidden
            : DispatchRules.DistanceKm(slots[c].Profile.Home, request.Location!);
    }
}

var solving = Stopwatch.StartNew();
var optimum = AssignmentSolver.Solve(cost);
solving.Stop();
var optimumKm = Enumerable.Range(0, orderCount).Where(r => optimum[r] >= 0).Sum(r => cost[r, optimum[r]]);
var feasible = optimum.Count(m => m >= 0);

var latencies = assigned.Select(o => (o.DispatchedAt!.Value - o.TriagedAt!.Value).TotalMilliseconds).Order().ToList();
var span = (assigned.Max(o => o.DispatchedAt!.Value) - assigned.Min(o => o.TriagedAt!.Value)).TotalSeconds;
Console.WriteLine($"placed: {assigned.Count} of {orderCount} orders; a min-cost assignment places {feasible} (the feasible ones)");
Console.WriteLine($"travel: platform {platformKm:F1} km, optimum {optimumKm:F1} km, ratio {platformKm / optimumKm:F3} " +
                  $"(weights: travel {options.Weights.Travel}, load {options.Weights.Load}, skill margin {options.Weights.SkillMargin}; optimum solved in {solving.ElapsedMilliseconds} ms)");
Console.WriteLine($"decision latency (triaged -> dispatched): p50 {Percentile(0.50):F1} ms, p99 {Percentile(0.99):F1} ms, max {latencies[^1]:F1} ms");
Console.WriteLine($"throughput: {assigned.Count / span:F0} orders dispatched per second ({assigned.Count} in {span:F2} s)");
await host.StopAsync();
return assigned.Count == feasible ? 0 : 1;

double Percentile(double p) => BenchSupport.Percentile(latencies, p);

int Arg(string name, int fallback) => BenchSupport.Arg(args, name, fallback);

string? ArgText(string name) => BenchSupport.ArgText(args, name);
