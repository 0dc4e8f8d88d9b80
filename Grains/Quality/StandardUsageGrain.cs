using FieldService.Grains.Common;
using FieldService.Quality;

namespace FieldService.Grains.Quality;

/// <summary>What a standard version's usage grain persists: the orders checked against it, in the order recorded.</summary>
[GenerateSerializer, Alias("fs.StandardUsageState")]
public sealed class StandardUsageState
{
    [Id(0)] public List<StandardUse> Uses { get; set; } = [];
}

/// <summary>Q1: the orders checked against one standard version (see <see cref="IStandardUsageGrain"/>).</summary>
public sealed class StandardUsageGrain(
    [PersistentState("standard-usage", StorageNames.Records)] IPersistentState<StandardUsageState> stored) : Grain, IStandardUsageGrain
{
    private readonly GuardedState<StandardUsageState> state = new(stored);

    public async Task RecordAsync(StandardUse use)
    {
        if (state.State.Uses.Any(u => u.WorkOrderId == use.WorkOrderId))
        {
            return;
        }

        state.State.Uses.Add(use);
        await state.WriteStateAsync(this);
    }

    public Task<Page<StandardUse>> ListAsync(int pageNumber, int pageSize)
    {
        var uses = state.State.Uses;
        var items = Enumerable.Reverse(uses).Skip((pageNumber - 1) * pageSize).Take(pageSize).ToArray();
        return Task.FromResult(new Page<StandardUse>(items, pageNumber, pageSize, uses.Count));
    }
}
