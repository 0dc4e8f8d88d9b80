using System.Net;
using System.Text.Json.Nodes;
using FieldService.Grains.Common;
using FieldService.Grains.Quality;
using FieldService.Quality;
using FieldService.Tests.Infrastructure;
using FieldService.WorkOrders;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Storage;

namespace FieldService.Tests.Grains;

/// <summary>
/// Q3 with one sampler per region (issue 17.6): the rule decides on the tallies of the order's region and of its
/// technician within that region. The web host's own silo (embedded storage here, PostgreSQL in
/// <see cref="SamplerByRegionDurableTests"/>), sampling by the rule, each test a host of its own: the tests deactivate
/// every grain and seed the former company sampler's state.
/// </summary>
public class SamplerByRegionTests : HostedTests
{
    private const int Window = 10; // 1 / Q3's 10 %

    protected override IReadOnlyDictionary<string, string>? Settings => new Dictionary<string, string> { ["Quality:Sampling"] = "Rule" };

    private IGrainFactory Grains => Factory.Services.GetRequiredService<IGrainFactory>();

    [Fact]
    public async Task Q3_sampled_per_region_every_technician_and_every_region_keeps_ten_percent_and_no_run_of_ten_within_a_region()
    {
        string[] regions = ["north", "south", "east"];
        // Technicians 0–3 work in two regions, the rest in one: the share holds per technician either way.
        var technicians = Enumerable.Range(0, 12).Select(t => (Id: $"t-{t}", Regions: t < 4 ? new[] { regions[t % 3], regions[(t + 1) % 3] } : [regions[t % 3]])).ToArray();
        var random = new Random(17);
        var decided = new List<(string Technician, string Region, bool Inspected)>();
        for (var n = 0; n < 450; n++)
        {
            var (technician, served) = technicians[random.Next(technicians.Length)];
            var region = served[random.Next(served.Length)];
            var decision = await Grains.GetGrain<IRegionSamplerGrain>(region).DecideAsync($"wo-{n}", technician);
            decided.Add((technician, region, decision.Required));
        }

        foreach (var (scope, stream) in decided.GroupBy(d => d.Technician).Select(g => ("technician " + g.Key, g.Select(d => d.Inspected).ToList()))
            .Concat(decided.GroupBy(d => d.Region).Select(g => ("region " + g.Key, g.Select(d => d.Inspected).ToList()))))
        {
            AssertShareAtEveryPrefix(scope, stream);
        }

        foreach (var pair in decided.GroupBy(d => (d.Technician, d.Region)))
        {
            AssertNoUninspectedRun($"{pair.Key.Technician} in {pair.Key.Region}", pair.Select(d => d.Inspected).ToList());
        }

        foreach (var region in decided.GroupBy(d => d.Region))
        {
            AssertNoUninspectedRun("region " + region.Key, region.Select(d => d.Inspected).ToList());
        }

        foreach (var technician in technicians.Where(t => t.Regions.Length == 1))
        {
            AssertNoUninspectedRun("technician " + technician.Id, decided.Where(d => d.Technician == technician.Id).Select(d => d.Inspected).ToList());
        }

        // The API gathers every region's sampler into one line per technician and per region.
        var expected = decided.GroupBy(d => SamplingRules.TechnicianScope(d.Technician))
            .Concat(decided.GroupBy(d => SamplingRules.RegionScope(d.Region)))
            .ToDictionary(g => g.Key, g => (g.Count(), g.Count(d => d.Inspected)));
        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal), (await TalliesAsync()).Select(t => KeyValuePair.Create(t.Scope, (t.Completed, t.Inspected))));
    }

    [Fact]
    public async Task Q3_a_region_s_decisions_are_the_same_when_asked_again_and_survive_deactivation()
    {
        var sampler = Grains.GetGrain<IRegionSamplerGrain>("harbour");
        var first = new List<InspectionRequirement>();
        for (var n = 0; n < 25; n++)
        {
            first.Add(await sampler.DecideAsync($"wo-h{n}", $"t-h{n % 3}"));
        }

        var before = await sampler.GetTalliesAsync();
        await DeactivateEverythingAsync();

        for (var n = 0; n < 25; n++)
        {
            Assert.Equal(first[n], await sampler.DecideAsync($"wo-h{n}", $"t-h{n % 3}"));
        }

        Assert.Equal(before, await sampler.GetTalliesAsync());
        Assert.Equal(25, before.Single(t => t.Scope == SamplingRules.RegionScope("harbour")).Completed);

        // The next decision reads the tallies back from storage: it is counted on top of them.
        await DeactivateEverythingAsync();
        await sampler.DecideAsync("wo-h25", "t-h0");
        var after = await sampler.GetTalliesAsync();
        Assert.Equal(26, after.Single(t => t.Scope == SamplingRules.RegionScope("harbour")).Completed);
        Assert.Equal(before.Single(t => t.Scope == "technician:t-h0").Completed + 1, after.Single(t => t.Scope == "technician:t-h0").Completed);
        Assert.Equal(["harbour"], await Grains.GetGrain<ISamplerDirectoryGrain>(0).RegionsAsync());
    }

    [Fact]
    public async Task Q3_the_company_sampler_s_tallies_move_to_the_regions_once_each_technician_s_to_their_home_region()
    {
        var operatorApi = await Factory.Personas.OperatorAsync();
        await operatorApi.PutAsync("/api/technicians/t-ann", Intakes.Technician("north"), HttpStatusCode.Created);
        await operatorApi.PutAsync("/api/technicians/t-bo", Intakes.Technician("south"), HttpStatusCode.Created);
        var earlier = new InspectionRequirement(InspectionReason.NotSampled, "draw 0.7; decided by the company sampler", ClusterFixture.Start);
        SamplingTally[] old =
        [
            new("region:north", 40, 6, 2), new("region:south", 12, 3, 0), new("region:east", 5, 1, 4),
            new("technician:t-ann", 30, 5, 1), new("technician:t-bo", 22, 4, 3),
            // No record: the technician goes with the region of most completions (north).
            new("technician:t-gone", 5, 1, 4),
        ];
        await SeedCompanySamplerAsync(old, ("wo-before", earlier));

        // A decision in north takes north's share first and counts on top of it; an order the company sampler decided
        // is answered as it was, counting nothing.
        Assert.Equal(earlier, await Grains.GetGrain<IRegionSamplerGrain>("north").DecideAsync("wo-before", "t-ann"));
        await Grains.GetGrain<IRegionSamplerGrain>("north").DecideAsync("wo-after", "t-ann");
        var north = await Grains.GetGrain<IRegionSamplerGrain>("north").GetTalliesAsync();
        Assert.Equal(["region:north", "technician:t-ann", "technician:t-gone"], north.Select(t => t.Scope));
        Assert.Equal((41, 31), (north[0].Completed, north[1].Completed));
        Assert.Equal(old[5], north[2]);

        // Every tally is still listed, east's too although nothing was completed there since.
        var expected = old.Select(t => t.Scope switch
        {
            "region:north" => north[0],
            "technician:t-ann" => north[1],
            _ => t,
        }).OrderBy(t => t.Scope, StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, await TalliesAsync());

        // The split is made once: Bo moving to north afterwards, every grain deactivated, still counts Bo once (in south).
        await operatorApi.PutAsync("/api/technicians/t-bo", Intakes.Technician("north"));
        await DeactivateEverythingAsync();
        Assert.Equal(expected, await TalliesAsync());
        Assert.Equal(["region:south", "technician:t-bo"], (await Grains.GetGrain<IRegionSamplerGrain>("south").GetTalliesAsync()).Select(t => t.Scope));
        Assert.Equal(["east", "north", "south"], await Grains.GetGrain<ISamplerDirectoryGrain>(0).RegionsAsync());
    }

    private async Task<IReadOnlyList<SamplingTally>> TalliesAsync()
    {
        var inspector = await Factory.Personas.AsAsync("inspector-1", Roles.Inspector);
        return ApiClient.Read<SamplingTally[]>((await inspector.GetAsync("/api/quality/sampling"))["items"]!);
    }

    /// <summary>Writes the state the company's one sampler (before issue 17.6) left: grain type <c>inspectionsampler</c>,
    /// key 0, state <c>sampler</c>, through the host's own grain storage.</summary>
    private async Task SeedCompanySamplerAsync(SamplingTally[] tallies, (string WorkOrderId, InspectionRequirement Decision) decided)
    {
        var company = GrainId.Create(GrainType.Create("inspectionsampler"), GrainIdKeyExtensions.CreateIntegerKey(0));
        Assert.Equal(company, Grains.GetGrain<ISamplerDirectoryGrain>(0).GetGrainId());
        var state = new SamplerState { Tallies = tallies.ToDictionary(t => t.Scope), Decisions = new() { [decided.WorkOrderId] = decided.Decision } };
        state.DecisionOrder.Enqueue(decided.WorkOrderId);
        await Factory.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Records)
            .WriteStateAsync("sampler", company, new GrainState<SamplerState>(state));
    }

    private Task DeactivateEverythingAsync() => Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

    private static void AssertShareAtEveryPrefix(string scope, IReadOnlyList<bool> inspected)
    {
        var count = 0;
        for (var i = 0; i < inspected.Count; i++)
        {
            count += inspected[i] ? 1 : 0;
            Assert.True(count * Window >= i + 1, $"{scope}: {count} of its first {i + 1} completions inspected, under 10 %");
        }
    }

    private static void AssertNoUninspectedRun(string scope, IReadOnlyList<bool> inspected)
    {
        for (var i = 0; i + Window <= inspected.Count; i++)
        {
            Assert.True(inspected.Skip(i).Take(Window).Any(x => x), $"{scope}: completions {i + 1}–{i + Window} all uninspected");
        }
    }
}

/// <summary>The same on PostgreSQL: the tallies, the decisions and the migrated state read back from the database.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SamplerByRegionDurableTests(PostgresServer server) : SamplerByRegionTests
{
    protected override async Task<string?> ConnectionStringAsync() => await server.CreateDatabaseWithSchemaAsync();
}
