using FieldService.Audit;
using FieldService.Grains.Records;

namespace FieldService.Grains.Reports;

/// <summary>Reads whole answers from the paged audit trail: a period, or the histories of work orders (each order's
/// entries of every subject, with parts issues and complaints, as <c>GET /api/audit?workOrderId=</c> shows them).</summary>
public sealed class AuditReader(IAuditLog auditLog)
{
    /// <summary>Entries per page read from the audit trail.</summary>
    public const int PageSize = 500;

    /// <summary>Order histories read at once.</summary>
    public const int Parallel = 8;

    /// <summary>Every entry in [from, to), of one technician if given.</summary>
    public Task<IReadOnlyList<AuditEntry>> PeriodAsync(DateTimeOffset from, DateTimeOffset to, string? technicianId = null) =>
        ReadAllAsync(new AuditQuery(from, to, null, technicianId, 1, PageSize));

    /// <summary>The entries of each order recorded before <paramref name="until"/> (or ever, when null).</summary>
    public async Task<IReadOnlyList<AuditEntry>> HistoriesAsync(IEnumerable<string> workOrderIds, DateTimeOffset? until)
    {
        var all = new List<AuditEntry>();
        foreach (var batch in workOrderIds.Distinct(StringComparer.Ordinal).Chunk(Parallel))
        {
            var read = await Task.WhenAll(batch.Select(id => ReadAllAsync(new AuditQuery(null, until, id, null, 1, PageSize))));
            all.AddRange(read.SelectMany(r => r));
        }

        return all;
    }

    /// <summary><paramref name="entries"/> plus the histories (before <paramref name="until"/>) of the orders they name, each entry once.</summary>
    public async Task<IReadOnlyList<AuditEntry>> WithHistoriesAsync(IReadOnlyList<AuditEntry> entries, DateTimeOffset until)
    {
        var histories = await HistoriesAsync(entries.Select(e => e.WorkOrderId).OfType<string>(), until);
        return entries.Concat(histories).DistinctBy(e => (e.SubjectType, e.SubjectId, e.Sequence)).ToList();
    }

    private async Task<IReadOnlyList<AuditEntry>> ReadAllAsync(AuditQuery query)
    {
        var all = new List<AuditEntry>();
        for (var page = 1; ; page++)
        {
            var read = await auditLog.QueryAsync(query with { PageNumber = page });
            all.AddRange(read.Items);
            if (read.Items.Count < query.PageSize || all.Count >= read.Total)
            {
                return all;
            }
        }
    }
}
