using FieldService.Complaints;

namespace FieldService.Grains.Records;

/// <summary>
/// The queryable index of complaints, one row per complaint, so a change costs one row however many complaints the
/// company has. An upsert older than what is stored (by version) is ignored: a complaint's follow-up may be sent
/// again after a crash, and two of its publications may arrive out of order. Listed newest opened first, then by id
/// (ordinal).
/// </summary>
public interface IComplaintIndex
{
    Task UpsertAsync(ComplaintSummary summary, CancellationToken cancellationToken = default);

    Task<Page<ComplaintSummary>> QueryAsync(ComplaintQuery query, CancellationToken cancellationToken = default);
}
