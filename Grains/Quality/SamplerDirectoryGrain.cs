using FieldService.Grains.Common;
using FieldService.Quality;
using FieldService.Technicians;
using FieldService.WorkOrders;

namespace FieldService.Grains.Quality;

/// <summary>What the company's sampler grain persists. Until issue 17.6 it was the one sampler and held every tally
/// (<see cref="Tallies"/>, <see cref="Decisions"/>, <see cref="DecisionOrder"/>, kept as they were stored); now it
/// lists the regions' samplers and hands those tallies over, split by <see cref="Owners"/>.</summary>
[GenerateSerializer, Alias("fs.SamplerState")]
public sealed class SamplerState
{
    [Id(0)] public Dictionary<string, SamplingTally> Tallies { get; set; } = [];

    [Id(1)] public Dictionary<string, InspectionRequirement> Decisions { get; set; } = [];

    [Id(2)] public Queue<string> DecisionOrder { get; set; } = new();

    /// <summary>Which region takes each of <see cref="Tallies"/>; null until the tallies are split (once: a technician
    /// who moves region later must not have their tally handed over twice).</summary>
    [Id(3)] public Dictionary<string, string>? Owners { get; set; }

    /// <summary>The regions that have a sampler, or are owed tallies by this one.</summary>
    [Id(4)] public HashSet<string> Regions { get; set; } = [];
}

/// <summary>Q3: the company's list of region samplers, and the migration of the company sampler's tallies to them. It
/// keeps the grain type and state of the former company sampler (key 0, state <c>sampler</c>), so that state is what
/// it reads.</summary>
[GrainType("inspectionsampler")]
public sealed class SamplerDirectoryGrain(
    [PersistentState("sampler", StorageNames.Records)] IPersistentState<SamplerState> stored) : Grain, ISamplerDirectoryGrain
{
    private readonly GuardedState<SamplerState> state = new(stored);

    public async Task<SamplerHandOver> JoinAsync(string region)
    {
        var split = await SplitAsync();
        if (state.State.Regions.Add(region) || split)
        {
            await state.WriteStateAsync(this);
        }

        if (state.State.Tallies.Count == 0)
        {
            return SamplerHandOver.None;
        }

        var owners = state.State.Owners!;
        return new SamplerHandOver(
            state.State.Tallies.Values.Where(t => owners[t.Scope] == region).OrderBy(t => t.Scope, StringComparer.Ordinal).ToArray(),
            new Dictionary<string, InspectionRequirement>(state.State.Decisions));
    }

    public async Task<IReadOnlyList<string>> RegionsAsync()
    {
        if (await SplitAsync())
        {
            await state.WriteStateAsync(this);
        }

        return state.State.Regions.Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Splits the company sampler's tallies by region, if there are any and they are not split yet; true when
    /// the state changed and must be written.</summary>
    private async Task<bool> SplitAsync()
    {
        if (state.State.Owners is not null || state.State.Tallies.Count == 0)
        {
            return false;
        }

        var homes = (await GrainFactory.GetGrain<ITechnicianDirectoryGrain>(0).ListAsync(null))
            .ToDictionary(t => SamplingRules.TechnicianScope(t.Id), t => t.Profile.Region, StringComparer.Ordinal);
        state.State.Owners = SamplerSplit.Owners(state.State.Tallies.Values, homes);
        state.State.Regions.UnionWith(state.State.Owners.Values);
        return true;
    }
}
