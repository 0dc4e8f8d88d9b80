using FieldService.Grains.Common;
using FieldService.Quality;
using FieldService.WorkOrders;
using Microsoft.Extensions.Options;

namespace FieldService.Grains.Quality;

/// <summary>Q3: one region's sampler. A region's decisions are serialized here, so the tallies every decision reads
/// are exact; regions share nothing, so their samplers spread over the silos and each writes only its own region's
/// tallies (issue 17.6: the company's one sampler wrote every technician's tally at every completion).</summary>
public sealed class RegionSamplerGrain(
    [PersistentState("sampler", StorageNames.Records)] IPersistentState<RegionSamplerState> stored,
    IOptions<SamplingOptions> options,
    TimeProvider time) : Grain, IRegionSamplerGrain
{
    private readonly GuardedState<RegionSamplerState> state = new(stored);

    /// <summary>Decisions kept to answer a retried completion (one whose write failed after the decision), which comes
    /// within moments; kept small because the whole state is written with every decision.</summary>
    private const int RememberedDecisions = 200;

    private string Region => this.GetPrimaryKeyString();

    public async Task<InspectionRequirement> DecideAsync(string workOrderId, string technicianId)
    {
        var joined = await JoinAsync();
        if (state.State.Decisions.TryGetValue(workOrderId, out var known))
        {
            // Decided by the company sampler just before this region's first use: nothing to count, only the join to keep.
            if (joined)
            {
                await state.WriteStateAsync(this);
            }

            return known;
        }

        var technician = Tally(SamplingRules.TechnicianScope(technicianId));
        var area = Tally(SamplingRules.RegionScope(Region));
        var decision = SamplingRules.Decide(workOrderId, technician, area, options.Value, time.GetUtcNow());
        state.State.Tallies[technician.Scope] = SamplingRules.Count(technician, decision.Required);
        state.State.Tallies[area.Scope] = SamplingRules.Count(area, decision.Required);
        Remember(workOrderId, decision);
        await state.WriteStateAsync(this);
        return decision;
    }

    public async Task<IReadOnlyList<SamplingTally>> GetTalliesAsync()
    {
        if (await JoinAsync())
        {
            await state.WriteStateAsync(this);
        }

        return state.State.Tallies.Values.OrderBy(t => t.Scope, StringComparer.Ordinal).ToArray();
    }

    /// <summary>On this region's first use: lists it with the directory and takes what the company sampler counted for
    /// it. True when the state changed (the caller writes it, with its own change if it has one).</summary>
    private async Task<bool> JoinAsync()
    {
        if (state.State.Joined)
        {
            return false;
        }

        var handOver = await GrainFactory.GetGrain<ISamplerDirectoryGrain>(0).JoinAsync(Region);
        foreach (var tally in handOver.Tallies)
        {
            state.State.Tallies[tally.Scope] = tally;
        }

        foreach (var (workOrderId, decision) in handOver.Decisions)
        {
            Remember(workOrderId, decision);
        }

        state.State.Joined = true;
        return true;
    }

    private void Remember(string workOrderId, InspectionRequirement decision)
    {
        if (!state.State.Decisions.TryAdd(workOrderId, decision))
        {
            return;
        }

        state.State.DecisionOrder.Enqueue(workOrderId);
        while (state.State.DecisionOrder.Count > RememberedDecisions)
        {
            state.State.Decisions.Remove(state.State.DecisionOrder.Dequeue());
        }
    }

    private SamplingTally Tally(string scope) => state.State.Tallies.TryGetValue(scope, out var tally) ? tally : new SamplingTally(scope, 0, 0, 0);
}
