using FieldService.Audit;

namespace FieldService.Grains.Records;

/// <summary>The append-only audit trail (S1). Appending an entry already present (same subject and sequence)
/// is a no-op, so a grain can safely publish its history again after a crash.</summary>
public interface IAuditLog
{
    Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default);

    Task<Page<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default);
}
