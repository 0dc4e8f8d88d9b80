using FieldService.Grains.Records;
using FieldService.WorkOrders;

namespace FieldService.Silo.Records;

/// <summary>
/// The work-order index in memory, kept in listing order (newest report first, then id) per filter key, so that a
/// page costs O(log n + offset + page) instead of a scan and a sort of every order.
/// </summary>
/// <remarks>
/// Every order sits in one ordered set per shape below (all orders; by status; by region; by status and region; by
/// technician; by technician and status; by customer; by customer and status). A query walks the smallest set whose
/// key its filters fix, checks the filters that key does not cover, and counts the total from the set's size when the
/// key covers every filter. The sets share the summaries, so memory grows by a few tree nodes per order and shape.
/// </remarks>
public sealed class InMemoryWorkOrderIndex : IWorkOrderIndex
{
    /// <summary>The listing's order: newest report first, ties by id (ordinal), as the PostgreSQL index orders.</summary>
    public static IComparer<WorkOrderSummary> ListingOrder { get; } = Comparer<WorkOrderSummary>.Create((a, b) =>
    {
        var byReport = b.ReportedAt.CompareTo(a.ReportedAt);
        return byReport != 0 ? byReport : string.CompareOrdinal(a.Id, b.Id);
    });

    private readonly Lock gate = new();
    private readonly Dictionary<string, WorkOrderSummary> rows = new(StringComparer.Ordinal);
    private readonly Dictionary<Key, SortedSet<WorkOrderSummary>> sets = [];

    public Task UpsertAsync(WorkOrderSummary summary, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            if (rows.TryGetValue(summary.Id, out var stored))
            {
                if (stored.Version >= summary.Version)
                {
                    return Task.CompletedTask;
                }

                foreach (var key in Keys(stored))
                {
                    var set = sets[key];
                    set.Remove(stored);
                    if (set.Count == 0)
                    {
                        sets.Remove(key);
                    }
                }
            }

            rows[summary.Id] = summary;
            foreach (var key in Keys(summary))
            {
                if (!sets.TryGetValue(key, out var set))
                {
                    sets[key] = set = new SortedSet<WorkOrderSummary>(ListingOrder);
                }

                set.Add(summary);
            }
        }

        return Task.CompletedTask;
    }

    public Task<Page<WorkOrderSummary>> QueryAsync(WorkOrderQuery query, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            var (set, exact) = SmallestSetFor(query);
            var skip = (long)(query.PageNumber - 1) * query.PageSize;
            var items = new List<WorkOrderSummary>(Math.Min(query.PageSize, 128));
            long total = 0;
            foreach (var summary in set)
            {
                if (!exact && !Matches(summary, query))
                {
                    continue;
                }

                if (total >= skip && items.Count < query.PageSize)
                {
                    items.Add(summary);
                }

                total++;
                if (exact && items.Count == query.PageSize)
                {
                    // The key covers every filter: the set's size is the total, nothing further needs reading.
                    total = set.Count;
                    break;
                }
            }

            return Task.FromResult(new Page<WorkOrderSummary>(items, query.PageNumber, query.PageSize, exact ? set.Count : total));
        }
    }

    private (IReadOnlyCollection<WorkOrderSummary> Set, bool Exact) SmallestSetFor(WorkOrderQuery query)
    {
        IReadOnlyCollection<WorkOrderSummary>? best = null;
        var exact = false;
        foreach (var key in Keys(query))
        {
            var set = sets.TryGetValue(key, out var found) ? found : (IReadOnlyCollection<WorkOrderSummary>)[];
            var covers = key.Covers(query);
            if (best is null || set.Count < best.Count || (set.Count == best.Count && covers))
            {
                (best, exact) = (set, covers);
            }
        }

        return (best!, exact);
    }

    private static bool Matches(WorkOrderSummary s, WorkOrderQuery query) =>
        (query.Status is not { } status || s.Status == status)
        && (query.Region is null || s.Region == query.Region)
        && (query.TechnicianId is null || s.TechnicianId == query.TechnicianId)
        && (query.CustomerId is null || s.CustomerId == query.CustomerId);

    /// <summary>The sets an order belongs to, one per shape.</summary>
    private static IEnumerable<Key> Keys(WorkOrderSummary s)
    {
        yield return new Key(Shape.All, null, null);
        yield return new Key(Shape.Status, s.Status, null);
        yield return new Key(Shape.Region, null, s.Region);
        yield return new Key(Shape.StatusRegion, s.Status, s.Region);
        if (s.TechnicianId is { } technician)
        {
            yield return new Key(Shape.Technician, null, technician);
            yield return new Key(Shape.TechnicianStatus, s.Status, technician);
        }

        if (s.CustomerId is { } customer)
        {
            yield return new Key(Shape.Customer, null, customer);
            yield return new Key(Shape.CustomerStatus, s.Status, customer);
        }
    }

    /// <summary>The sets a query may walk: those whose key fixes only values the query filters on.</summary>
    private static IEnumerable<Key> Keys(WorkOrderQuery q)
    {
        yield return new Key(Shape.All, null, null);
        if (q.Status is { } status)
        {
            yield return new Key(Shape.Status, status, null);
        }

        if (q.Region is { } region)
        {
            yield return new Key(Shape.Region, null, region);
            if (q.Status is { } s)
            {
                yield return new Key(Shape.StatusRegion, s, region);
            }
        }

        if (q.TechnicianId is { } technician)
        {
            yield return new Key(Shape.Technician, null, technician);
            if (q.Status is { } s)
            {
                yield return new Key(Shape.TechnicianStatus, s, technician);
            }
        }

        if (q.CustomerId is { } customer)
        {
            yield return new Key(Shape.Customer, null, customer);
            if (q.Status is { } s)
            {
                yield return new Key(Shape.CustomerStatus, s, customer);
            }
        }
    }

    private enum Shape
    {
        All,
        Status,
        Region,
        StatusRegion,
        Technician,
        TechnicianStatus,
        Customer,
        CustomerStatus,
    }

    /// <summary>One ordered set's key: its shape, and the status and text value (region, technician or customer) it fixes.</summary>
    private readonly record struct Key(Shape Shape, WorkOrderStatus? Status, string? Value)
    {
        /// <summary>Whether the key fixes every filter of the query, so that every member of its set matches.</summary>
        public bool Covers(WorkOrderQuery q) =>
            (q.Status is null || Status is not null)
            && (q.Region is null || Shape is Shape.Region or Shape.StatusRegion)
            && (q.TechnicianId is null || Shape is Shape.Technician or Shape.TechnicianStatus)
            && (q.CustomerId is null || Shape is Shape.Customer or Shape.CustomerStatus);
    }
}
