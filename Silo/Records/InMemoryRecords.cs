using System.Collections.Concurrent;
using FieldService.Audit;
using FieldService.Complaints;
using FieldService.Escalations;
using FieldService.Grains.Records;
using FieldService.Quality;
using FieldService.Technicians;
using FieldService.WorkOrders;

namespace FieldService.Silo.Records;

// The embedded mode's records: process memory, gone at exit (the start-up banner says so).

/// <summary>The audit trail in memory; idempotent per (subject, sequence) like the PostgreSQL table.</summary>
public sealed class InMemoryAuditLog : IAuditLog
{
    private readonly Lock gate = new();
    private readonly List<AuditEntry> entries = [];
    private readonly HashSet<(string, string, long)> keys = [];

    public Task AppendAsync(IReadOnlyList<AuditEntry> batch, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            foreach (var entry in batch)
            {
                if (keys.Add((entry.SubjectType, entry.SubjectId, entry.Sequence)))
                {
                    entries.Add(entry);
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<Page<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        List<AuditEntry> matching;
        lock (gate)
        {
            matching = entries
                .Where(e => query.From is not { } from || e.At >= from)
                .Where(e => query.To is not { } to || e.At < to)
                .Where(e => query.WorkOrderId is null || e.WorkOrderId == query.WorkOrderId)
                .Where(e => query.TechnicianId is null || e.TechnicianId == query.TechnicianId)
                .ToList();
        }

        var ordered = matching.OrderBy(e => e.At).ThenBy(e => e.SubjectType, StringComparer.Ordinal)
            .ThenBy(e => e.SubjectId, StringComparer.Ordinal).ThenBy(e => e.Sequence);
        return Task.FromResult(Paging.Of(ordered, matching.Count, query.PageNumber, query.PageSize));
    }
}

/// <summary>The technician index in memory.</summary>
public sealed class InMemoryTechnicianIndex : ITechnicianIndex
{
    private readonly ConcurrentDictionary<string, Technician> rows = new(StringComparer.Ordinal);

    public Task UpsertAsync(Technician technician, CancellationToken cancellationToken = default)
    {
        rows.AddOrUpdate(technician.Id, technician, (_, stored) => stored.Version >= technician.Version ? stored : technician);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<Technician>> ListAsync(string? region, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<Technician>>(rows.Values
            .Where(t => region is null || t.Profile.Region == region)
            .OrderBy(t => t.Id, StringComparer.Ordinal)
            .ToList());
}

/// <summary>The escalation index in memory.</summary>
public sealed class InMemoryEscalationIndex : IEscalationIndex
{
    private readonly ConcurrentDictionary<string, Escalation> rows = new(StringComparer.Ordinal);

    public Task UpsertAsync(Escalation escalation, CancellationToken cancellationToken = default)
    {
        rows.AddOrUpdate(escalation.Id, escalation, (_, stored) => stored.Version >= escalation.Version ? stored : escalation);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<Escalation>> ListAsync(string team, bool openOnly, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<Escalation>>(rows.Values
            .Where(e => e.Team == team && (!openOnly || e.AcknowledgedAt is null))
            .OrderBy(e => e.RaisedAt).ThenBy(e => e.Id, StringComparer.Ordinal)
            .ToList());
}

/// <summary>Q1's usage lists in memory; one use per (category, version, work order) like the PostgreSQL table.</summary>
public sealed class InMemoryStandardUsageIndex : IStandardUsageIndex
{
    private readonly Lock gate = new();
    private readonly Dictionary<(string Category, int Version), List<StandardUse>> lists = [];
    private readonly HashSet<(string Category, int Version, string WorkOrderId)> keys = [];

    public Task RecordAsync(string category, int version, StandardUse use, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            if (keys.Add((category, version, use.WorkOrderId)))
            {
                if (!lists.TryGetValue((category, version), out var uses))
                {
                    lists[(category, version)] = uses = [];
                }

                uses.Add(use);
            }
        }

        return Task.CompletedTask;
    }

    public Task<Page<StandardUse>> ListAsync(string category, int version, int pageNumber, int pageSize, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            // Most recently recorded first, as the table's position orders them; a page is copied out under the lock.
            var uses = lists.GetValueOrDefault((category, version)) ?? [];
            return Task.FromResult(Paging.Of(Enumerable.Reverse(uses), uses.Count, pageNumber, pageSize));
        }
    }
}

/// <summary>The complaint index in memory, kept in listing order (newest opened first, then id) so a query walks it
/// without sorting; the embedded mode's complaints are a demo's, so the filters are checked on the walk.</summary>
public sealed class InMemoryComplaintIndex : IComplaintIndex
{
    private static readonly IComparer<ComplaintSummary> ListingOrder = Comparer<ComplaintSummary>.Create((a, b) =>
    {
        var byOpened = b.OpenedAt.CompareTo(a.OpenedAt);
        return byOpened != 0 ? byOpened : string.CompareOrdinal(a.Id, b.Id);
    });

    private readonly Lock gate = new();
    private readonly Dictionary<string, ComplaintSummary> rows = new(StringComparer.Ordinal);
    private readonly SortedSet<ComplaintSummary> listed = new(ListingOrder);

    public Task UpsertAsync(ComplaintSummary summary, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            if (rows.TryGetValue(summary.Id, out var stored))
            {
                if (stored.Version >= summary.Version)
                {
                    return Task.CompletedTask;
                }

                listed.Remove(stored);
            }

            rows[summary.Id] = summary;
            listed.Add(summary);
        }

        return Task.CompletedTask;
    }

    public Task<Page<ComplaintSummary>> QueryAsync(ComplaintQuery query, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            var matching = listed
                .Where(c => query.Status is not { } status || c.Status == status)
                .Where(c => query.WorkOrderId is null || c.WorkOrderId == query.WorkOrderId)
                .Where(c => query.TechnicianId is null || c.TechnicianId == query.TechnicianId)
                .Where(c => query.CustomerId is null || c.CustomerId == query.CustomerId)
                .ToList();
            return Task.FromResult(Paging.Of(matching, matching.Count, query.PageNumber, query.PageSize));
        }
    }
}

internal static class Paging
{
    public static Page<T> Of<T>(IEnumerable<T> ordered, long total, int pageNumber, int pageSize) =>
        new(ordered.Skip((pageNumber - 1) * pageSize).Take(pageSize).ToList(), pageNumber, pageSize, total);
}
