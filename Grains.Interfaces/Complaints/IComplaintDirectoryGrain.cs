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
}
