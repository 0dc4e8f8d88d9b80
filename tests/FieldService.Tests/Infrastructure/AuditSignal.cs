using FieldService.Audit;
using FieldService.Grains.Records;

namespace FieldService.Tests.Infrastructure;

/// <summary>The audit log with a signal: tests wait for an entry to be recorded instead of sleeping or polling. Like
/// the audit trail itself, it keeps one entry per subject and sequence: a grain publishes again what it is not sure
/// was published (on its next activation), and the trail ignores what it already holds.</summary>
public sealed class AuditSignal(IAuditLog inner) : IAuditLog
{
    private readonly Lock gate = new();
    private readonly List<AuditEntry> seen = [];
    private readonly HashSet<(string, string, long)> keys = [];
    private readonly List<(Func<AuditEntry, bool> Match, TaskCompletionSource<AuditEntry> Done)> waiters = [];

    public async Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default)
    {
        await inner.AppendAsync(entries, cancellationToken);
        lock (gate)
        {
            foreach (var entry in entries.Where(e => keys.Add((e.SubjectType, e.SubjectId, e.Sequence))))
            {
                seen.Add(entry);
                foreach (var waiter in waiters.Where(w => w.Match(entry)).ToList())
                {
                    waiter.Done.TrySetResult(entry);
                    waiters.Remove(waiter);
                }
            }
        }
    }

    public Task<Page<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default) => inner.QueryAsync(query, cancellationToken);

    /// <summary>How many entries the trail holds so far.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return seen.Count;
            }
        }
    }

    /// <summary>Every entry published so far that matches.</summary>
    public IReadOnlyList<AuditEntry> Where(Func<AuditEntry, bool> match)
    {
        lock (gate)
        {
            return seen.Where(match).ToList();
        }
    }

    /// <summary>The first entry (already published or still to come) that matches, or a failure naming what was awaited.</summary>
    public async Task<AuditEntry> WaitForAsync(Func<AuditEntry, bool> match, string what, TimeSpan? timeout = null)
    {
        TaskCompletionSource<AuditEntry> done;
        lock (gate)
        {
            if (seen.FirstOrDefault(match) is { } already)
            {
                return already;
            }

            done = new TaskCompletionSource<AuditEntry>(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add((match, done));
        }

        var limit = timeout ?? TimeSpan.FromSeconds(15);
        try
        {
            return await done.Task.WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Waited {limit.TotalSeconds} s for {what}; it was not recorded.");
        }
    }
}
