namespace FieldService.Audit;

/// <summary>Reads the append-only audit trail.</summary>
[Alias("fs.IAuditTrailGrain")]
public interface IAuditTrailGrain : IGrainWithIntegerKey
{
    /// <summary>Matching entries ordered by time, then subject and sequence.</summary>
    Task<Page<AuditEntry>> QueryAsync(AuditQuery query);
}
