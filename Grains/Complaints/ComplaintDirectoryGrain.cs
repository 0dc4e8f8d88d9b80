using FieldService.Complaints;
using FieldService.Grains.Common;
using FieldService.Grains.Records;
using Orleans.Concurrency;

namespace FieldService.Grains.Complaints;

/// <summary>
/// The complaint listing over <see cref="IComplaintIndex"/> (one row per complaint) instead of one grain state holding
/// a summary of every complaint: that state was rewritten whole at every change and never pruned, so it capped the
/// company at ≈ 40 changes/s with 2,000 complaints and ran past the response timeout loading 5,000 — a year of a 10×
/// company is ≈ 365,000. The contract stays (the web host and every complaint call it), so a complaint still
/// publishes through this grain and retries until it acknowledges. Stateless, so every silo serves its own calls, and
/// reentrant, because it holds nothing a turn could see half-changed: concurrent upserts meet in the index (the
/// records writer's batches on PostgreSQL), which keeps the newest version of each row.
/// </summary>
[StatelessWorker, Reentrant]
public sealed class ComplaintDirectoryGrain(IComplaintIndex index, IFaultInjection faults) : Grain, IComplaintDirectoryGrain
{
    /// <summary>The fault seam's step before a line reaches the index (tests play an unreachable index with it).</summary>
    public const string IndexStep = "complaint-index";

    public Task UpsertAsync(ComplaintSummary summary)
    {
        faults.Before(IndexStep, summary.Id);
        return index.UpsertAsync(summary);
    }

    public Task<Page<ComplaintSummary>> ListForAsync(ComplaintQuery query, Actor actor) => ListAsync(ComplaintAccess.Scope(query, actor));

    public Task<Page<ComplaintSummary>> ListAsync(ComplaintQuery query) => index.QueryAsync(query);
}
