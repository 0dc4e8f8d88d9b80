namespace FieldService.Technicians;

/// <summary>Lists technicians from the index that every technician keeps up to date.</summary>
[Alias("fs.ITechnicianDirectoryGrain")]
public interface ITechnicianDirectoryGrain : IGrainWithIntegerKey
{
    Task<IReadOnlyList<Technician>> ListAsync(string? region);
}
