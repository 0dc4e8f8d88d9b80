using FieldService.Audit;
using Microsoft.Extensions.Logging;

namespace FieldService.Grains.Records;

/// <summary>
/// The outbox step every recording grain shares: after its state is persisted, the grain hands over the history
/// entries not yet published and refreshes its index row. Both writes are idempotent, so publishing again after a
/// crash or a failed attempt can neither lose nor double an audit row.
/// </summary>
public sealed class RecordPublisher(IAuditLog auditLog, ILogger<RecordPublisher> logger)
{
    /// <summary>Publishes entries after <paramref name="publishedSequence"/>; returns the new published sequence,
    /// or null when the audit log or the index could not be reached (the caller retries later).</summary>
    public async Task<long?> PublishAsync(
        IReadOnlyList<AuditEntry> history, long publishedSequence, Func<Task> refreshIndex, string subject)
    {
        var pending = history.Where(e => e.Sequence > publishedSequence).ToList();
        try
        {
            // The index first: whoever sees an audit entry can rely on the index already showing that change.
            await refreshIndex();
            if (pending.Count > 0)
            {
                await auditLog.AppendAsync(pending);
            }

            return pending.Count > 0 ? pending[^1].Sequence : publishedSequence;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "Publishing {Count} audit entries of {Subject} failed; will retry", pending.Count, subject);
            return null;
        }
    }
}
