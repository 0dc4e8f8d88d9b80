using FieldService.Complaints;
using FieldService.Grains.Common;

namespace FieldService.Grains.Complaints;

/// <summary>What the complaint directory persists: one summary per complaint, by id.</summary>
[GenerateSerializer, Alias("fs.ComplaintDirectoryState")]
public sealed class ComplaintDirectoryState
{
    [Id(0)] public Dictionary<string, ComplaintSummary> Complaints { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// The complaint listing: one grain holding a summary of every complaint in its persistent state (see
/// docs/complaints.md for why this and not a PostgreSQL index). Complaints are few next to work orders; when they are
/// not, this becomes an index table like the work orders'.
/// </summary>
public sealed class ComplaintDirectoryGrain(
    [PersistentState("complaintDirectory", StorageNames.Records)] IPersistentState<ComplaintDirectoryState> stored) : Grain, IComplaintDirectoryGrain
{
    private readonly GuardedState<ComplaintDirectoryState> state = new(stored);

    public async Task UpsertAsync(ComplaintSummary summary)
    {
        if (state.State.Complaints.TryGetValue(summary.Id, out var stored) && stored.Version >= summary.Version)
        {
            return;
        }

        state.State.Complaints[summary.Id] = summary;
        await state.WriteStateAsync(this);
    }

    public Task<Page<ComplaintSummary>> ListForAsync(ComplaintQuery query, Actor actor) => ListAsync(ComplaintAccess.Scope(query, actor));

    public Task<Page<ComplaintSummary>> ListAsync(ComplaintQuery query)
    {
        var matching = state.State.Complaints.Values
            .Where(c => query.Status is not { } status || c.Status == status)
            .Where(c => query.WorkOrderId is null || c.WorkOrderId == query.WorkOrderId)
            .Where(c => query.TechnicianId is null || c.TechnicianId == query.TechnicianId)
            .Where(c => query.CustomerId is null || c.CustomerId == query.CustomerId)
            .OrderByDescending(c => c.OpenedAt).ThenBy(c => c.Id, StringComparer.Ordinal)
            .ToList();
        var items = matching.Skip((query.PageNumber - 1) * query.PageSize).Take(query.PageSize).ToList();
        return Task.FromResult(new Page<ComplaintSummary>(items, query.PageNumber, query.PageSize, matching.Count));
    }
}
