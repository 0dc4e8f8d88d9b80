using FieldService.Technicians;

namespace FieldService.Grains.Records;

/// <summary>The queryable index of technicians. An upsert older than what is stored (by version) is ignored.</summary>
public interface ITechnicianIndex
{
    Task UpsertAsync(Technician technician, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Technician>> ListAsync(string? region, CancellationToken cancellationToken = default);
}
