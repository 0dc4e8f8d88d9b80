using FieldService.Grains.Records;
using FieldService.Quality;
using Orleans.Concurrency;

namespace FieldService.Grains.Quality;

/// <summary>
/// Q1: the orders checked against one standard version (see <see cref="IStandardUsageGrain"/>), kept as rows of
/// <see cref="IStandardUsageIndex"/> instead of one grain state holding the whole list: a state rewritten whole at
/// every completion grew with the version's history (≈ 10 MB after a day at 100,000 orders) and capped the
/// completions of the company at one fsynced write at a time. Stateless, so every silo serves its own calls, and
/// reentrant, because it holds nothing a turn could see half-changed: concurrent uses meet in the records writer's
/// batches.
/// </summary>
[StatelessWorker, Reentrant]
public sealed class StandardUsageGrain(IStandardUsageIndex index) : Grain, IStandardUsageGrain
{
    public Task RecordAsync(StandardUse use)
    {
        var (category, version) = StandardUsage.Parse(this.GetPrimaryKeyString());
        return index.RecordAsync(category, version, use);
    }

    public Task<Page<StandardUse>> ListAsync(int pageNumber, int pageSize)
    {
        var (category, version) = StandardUsage.Parse(this.GetPrimaryKeyString());
        return index.ListAsync(category, version, pageNumber, pageSize);
    }
}
