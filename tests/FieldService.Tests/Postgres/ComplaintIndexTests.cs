using FieldService.Complaints;
using FieldService.Grains.Records;
using FieldService.Silo.Records;
using FieldService.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace FieldService.Tests.Postgres;

/// <summary>
/// Issue 17.6: the complaint listing as index rows. The same proofs run on the embedded index and on
/// <c>fs_complaint</c>: the filters, order and paging the one-grain directory had, and an older line never
/// overwriting a newer one.
/// </summary>
public abstract class ComplaintIndexTests : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    protected IComplaintIndex Index { get; set; } = null!;

    public abstract Task InitializeAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    private static ComplaintSummary Line(string id, ComplaintStatus status, string workOrderId, string? technicianId, string? customerId, int openedMinute, long version = 1) =>
        new(id, status, workOrderId, technicianId, customerId, ComplaintCategory.RepairQuality, null, At.AddMinutes(openedMinute), At.AddMinutes(openedMinute), version);

    private static string[] Ids(Page<ComplaintSummary> page) => page.Items.Select(c => c.Id).ToArray();

    private Task<Page<ComplaintSummary>> QueryAsync(ComplaintStatus? status = null, string? workOrderId = null, string? technicianId = null,
        string? customerId = null, int page = 1, int pageSize = 10) =>
        Index.QueryAsync(new ComplaintQuery(status, workOrderId, technicianId, customerId, page, pageSize));

    [Fact]
    public async Task Issue17_6_P9_the_listing_filters_by_status_order_technician_and_customer_newest_opened_first_then_by_id_and_pages_with_the_total()
    {
        ComplaintSummary[] lines =
        [
            Line("c-b", ComplaintStatus.Opened, "wo-1", "t-1", "cu-1", 10),
            // Opened at the same moment as c-b: ties list by id, ordinal ("c-B" before "c-a" before "c-b").
            Line("c-a", ComplaintStatus.Investigated, "wo-1", "t-2", "cu-1", 10),
            Line("c-B", ComplaintStatus.Opened, "wo-2", "t-1", null, 10),
            Line("c-new", ComplaintStatus.Resolved, "wo-3", null, "cu-2", 30),
            Line("c-old", ComplaintStatus.Opened, "wo-2", "t-1", "cu-2", 0),
        ];
        foreach (var line in lines)
        {
            await Index.UpsertAsync(line);
        }

        var all = await QueryAsync();
        Assert.Equal(["c-new", "c-B", "c-a", "c-b", "c-old"], Ids(all));
        Assert.Equal(5L, all.Total);
        Assert.Equal(lines.OrderBy(l => l.Id, StringComparer.Ordinal), all.Items.OrderBy(l => l.Id, StringComparer.Ordinal));

        Assert.Equal(["c-B", "c-b", "c-old"], Ids(await QueryAsync(status: ComplaintStatus.Opened)));
        Assert.Equal(["c-a", "c-b"], Ids(await QueryAsync(workOrderId: "wo-1")));
        Assert.Equal(["c-B", "c-b", "c-old"], Ids(await QueryAsync(technicianId: "t-1")));
        Assert.Equal(["c-new", "c-old"], Ids(await QueryAsync(customerId: "cu-2")));
        Assert.Equal(["c-B", "c-old"], Ids(await QueryAsync(status: ComplaintStatus.Opened, workOrderId: "wo-2", technicianId: "t-1")));
        Assert.Empty(Ids(await QueryAsync(customerId: "")));

        var second = await QueryAsync(technicianId: "t-1", page: 2, pageSize: 2);
        Assert.Equal(["c-old"], Ids(second));
        Assert.Equal((3L, 2, 2), (second.Total, second.PageNumber, second.PageSize));
        var beyond = await QueryAsync(page: 4, pageSize: 2);
        Assert.Equal((0, 5L), (beyond.Items.Count, beyond.Total));
    }

    [Fact]
    public async Task Issue17_6_an_older_line_never_overwrites_a_newer_one_whether_it_comes_after_it_or_beside_it()
    {
        var opened = Line("c-v", ComplaintStatus.Opened, "wo-v", "t-v", "cu-v", 0);
        var investigated = opened with { Status = ComplaintStatus.Investigated, UpdatedAt = At.AddHours(1), Version = 2 };
        var resolved = investigated with { Status = ComplaintStatus.Resolved, UpheldAgainstTechnician = true, UpdatedAt = At.AddHours(2), Version = 3 };

        await Index.UpsertAsync(resolved);
        await Index.UpsertAsync(opened);
        // Sent together, as a republish after a crash and the next change can be: one batch on PostgreSQL.
        await Task.WhenAll(Index.UpsertAsync(investigated), Index.UpsertAsync(opened), Index.UpsertAsync(resolved));

        Assert.Equal([resolved], (await QueryAsync(workOrderId: "wo-v")).Items);
        Assert.Empty((await QueryAsync(status: ComplaintStatus.Opened)).Items);

        var fedBack = resolved with { Status = ComplaintStatus.FedBack, UpdatedAt = At.AddHours(3), Version = 4 };
        await Task.WhenAll(Index.UpsertAsync(fedBack), Index.UpsertAsync(investigated));

        Assert.Equal([fedBack], (await QueryAsync(workOrderId: "wo-v")).Items);
        Assert.Equal(1L, (await QueryAsync()).Total);
    }
}

/// <summary>The embedded mode's complaint index.</summary>
public sealed class EmbeddedComplaintIndexTests : ComplaintIndexTests
{
    public override Task InitializeAsync()
    {
        Index = new InMemoryComplaintIndex();
        return Task.CompletedTask;
    }
}

/// <summary>The durable mode's complaint index, <c>fs_complaint</c> on a real PostgreSQL written through the records
/// writer; every read goes through a second data source and writer, as another silo would read.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DurableComplaintIndexTests(PostgresServer server) : ComplaintIndexTests
{
    private NpgsqlDataSource dataSource = null!;
    private PostgresRecordWriter writer = null!;

    public override async Task InitializeAsync()
    {
        dataSource = NpgsqlDataSource.Create(await server.CreateDatabaseWithSchemaAsync());
        writer = new PostgresRecordWriter(dataSource, NullLogger<PostgresRecordWriter>.Instance);
        Index = new PostgresComplaintIndex(dataSource, writer);
    }

    public override async Task DisposeAsync()
    {
        await writer.DisposeAsync();
        await dataSource.DisposeAsync();
    }
}
