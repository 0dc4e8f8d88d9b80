using FieldService.Grains.Common;
using FieldService.Quality;
using FieldService.WorkOrders;
using Microsoft.Extensions.Options;

namespace FieldService.Grains.Quality;

/// <summary>What the sampler persists: the tallies and the latest decisions (to answer a repeated question alike).</summary>
[GenerateSerializer, Alias("fs.SamplerState")]
public sealed class SamplerState
{
    [Id(0)] public Dictionary<string, SamplingTally> Tallies { get; set; } = [];

    [Id(1)] public Dictionary<string, InspectionRequirement> Decisions { get; set; } = [];

    [Id(2)] public Queue<string> DecisionOrder { get; set; } = new();
}

/// <summary>Q3: the company's one sampler. Decisions are serialized here, so the tallies every decision reads are exact.</summary>
public sealed class InspectionSamplerGrain(
    [PersistentState("sampler", StorageNames.Records)] IPersistentState<SamplerState> stored,
    IOptions<SamplingOptions> options,
    TimeProvider time) : Grain, IInspectionSamplerGrain
{
    private readonly GuardedState<SamplerState> state = new(stored);

    /// <summary>Decisions kept to answer a retried completion (one whose write failed after the decision), which comes
    /// within moments; kept small because the whole state is written with every decision.</summary>
    private const int RememberedDecisions = 200;

    public async Task<InspectionRequirement> DecideAsync(string workOrderId, string technicianId, string region)
    {
        if (state.State.Decisions.TryGetValue(workOrderId, out var known))
        {
            return known;
        }

        var technician = Tally(SamplingRules.TechnicianScope(technicianId));
        var area = Tally(SamplingRules.RegionScope(region));
        var decision = SamplingRules.Decide(workOrderId, technician, area, options.Value, time.GetUtcNow());
        state.State.Tallies[technician.Scope] = SamplingRules.Count(technician, decision.Required);
        state.State.Tallies[area.Scope] = SamplingRules.Count(area, decision.Required);
        state.State.Decisions[workOrderId] = decision;
        state.State.DecisionOrder.Enqueue(workOrderId);
        while (state.State.DecisionOrder.Count > RememberedDecisions)
        {
            state.State.Decisions.Remove(state.State.DecisionOrder.Dequeue());
        }

        await state.WriteStateAsync(this);
        return decision;
    }

    public Task<IReadOnlyList<SamplingTally>> GetTalliesAsync() =>
        Task.FromResult<IReadOnlyList<SamplingTally>>(state.State.Tallies.Values.OrderBy(t => t.Scope, StringComparer.Ordinal).ToArray());

    private SamplingTally Tally(string scope) => state.State.Tallies.TryGetValue(scope, out var tally) ? tally : new SamplingTally(scope, 0, 0, 0);
}
