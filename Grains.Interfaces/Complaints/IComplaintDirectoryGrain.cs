namespace FieldService.Complaints;

/// <summary>The list of complaints (a single grain, key 0, holding one summary per complaint), kept up to date by the
/// complaints themselves. An upsert older than what it holds (by version) is ignored.</summary>
[Alias("fs.IComplaintDirectoryGrain")]
public interface IComplaintDirectoryGrain : IGrainWithIntegerKey
{
    Task UpsertAsync(ComplaintSummary summary);

    /// <summary>Matching complaints, newest opened first.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<Page<ComplaintSummary>> ListAsync(ComplaintQuery query);

    /// <summary>The listing as <paramref name="actor"/> may see it: a scoped caller (a customer) only the complaints on
    /// their own orders, whatever the query asks.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<Page<ComplaintSummary>> ListForAsync(ComplaintQuery query, Actor actor);
}
