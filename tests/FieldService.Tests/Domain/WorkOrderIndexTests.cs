using FieldService.Silo.Records;
using FieldService.WorkOrders;

namespace FieldService.Tests.Domain;

/// <summary>Issue 12.8: the embedded work-order index keeps ordered sets per filter key; on random orders, updates
/// (stale ones included) and queries it answers exactly what a scan and a sort of every order answers.</summary>
public sealed class WorkOrderIndexTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Issue12_8_the_ordered_index_answers_as_a_full_scan_and_sort_would(int seed)
    {
        var random = new Random(seed);
        var index = new InMemoryWorkOrderIndex();
        var reference = new Dictionary<string, WorkOrderSummary>(StringComparer.Ordinal);
        var statuses = Enum.GetValues<WorkOrderStatus>();
        string[] regions = ["north", "south", "east"];
        string?[] technicians = [null, "t-1", "t-2", "t-3", "t-4"];
        string?[] customers = [null, "c-1", "c-2"];
        for (var i = 0; i < 4000; i++)
        {
            // Few distinct ids and report times: updates, stale versions and ties in the order all occur.
            var id = $"wo-{random.Next(1500)}";
            var version = random.Next(1, 6);
            var summary = new WorkOrderSummary(id, statuses[random.Next(statuses.Length)], Priority.Normal, regions[random.Next(regions.Length)],
                technicians[random.Next(technicians.Length)], "Customer", "AC-9000", false, Start.AddMinutes(random.Next(200)), Start, version,
                customers[random.Next(customers.Length)]);
            await index.UpsertAsync(summary);
            if (!reference.TryGetValue(id, out var stored) || stored.Version < version)
            {
                reference[id] = summary;
            }
        }

        for (var q = 0; q < 600; q++)
        {
            var query = new WorkOrderQuery(
                random.Next(3) == 0 ? statuses[random.Next(statuses.Length)] : null,
                random.Next(3) == 0 ? (random.Next(10) == 0 ? "nowhere" : regions[random.Next(regions.Length)]) : null,
                random.Next(3) == 0 ? technicians[random.Next(technicians.Length)] : null,
                random.Next(1, 8),
                random.Next(1, 60),
                random.Next(4) == 0 ? customers[random.Next(customers.Length)] : null);

            var actual = await index.QueryAsync(query);
            var expected = Naive(reference.Values, query);

            Assert.Equal((expected.Total, expected.PageNumber, expected.PageSize), (actual.Total, actual.PageNumber, actual.PageSize));
            Assert.Equal(expected.Items.Select(s => (s.Id, s.Version)), actual.Items.Select(s => (s.Id, s.Version)));
        }
    }

    /// <summary>The listing's definition: filter everything, sort by newest report then id, skip to the page.</summary>
    private static Page<WorkOrderSummary> Naive(IEnumerable<WorkOrderSummary> rows, WorkOrderQuery query)
    {
        var matching = rows.Where(s => (query.Status is not { } status || s.Status == status) && (query.Region is null || s.Region == query.Region)
            && (query.TechnicianId is null || s.TechnicianId == query.TechnicianId) && (query.CustomerId is null || s.CustomerId == query.CustomerId)).ToList();
        var page = matching.OrderByDescending(s => s.ReportedAt).ThenBy(s => s.Id, StringComparer.Ordinal)
            .Skip((query.PageNumber - 1) * query.PageSize).Take(query.PageSize).ToList();
        return new Page<WorkOrderSummary>(page, query.PageNumber, query.PageSize, matching.Count);
    }
}
