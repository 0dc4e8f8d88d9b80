using FieldService.Quality;

namespace FieldService.Grains.Records;

/// <summary>
/// Q1's usage lists as rows: one per (category, version, work order), so recording a use costs one insert however
/// many orders the version already lists. Recording a use already there is a no-op (an order's follow-up may be
/// sent again after a crash). Listed most recently recorded first.
/// </summary>
public interface IStandardUsageIndex
{
    Task RecordAsync(string category, int version, StandardUse use, CancellationToken cancellationToken = default);

    Task<Page<StandardUse>> ListAsync(string category, int version, int pageNumber, int pageSize, CancellationToken cancellationToken = default);
}
