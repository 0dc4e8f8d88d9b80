using FieldService.Audit;
using FieldService.Silo.Records;
using FieldService.Tests.Infrastructure;
using FieldService.WorkOrders;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace FieldService.Tests.Postgres;

/// <summary>The records' group commit: many grains' publications written together, each exactly once, and a bad
/// write failing alone.</summary>
[Collection(PostgresCollection.Name)]
public sealed class RecordWriterTests(PostgresServer server)
{
    private static readonly DateTimeOffset At = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task S1_concurrent_publications_land_once_each_and_the_index_keeps_the_newest_line()
    {
        await using var dataSource = NpgsqlDataSource.Create(await server.CreateDatabaseWithSchemaAsync());
        await using var writer = new PostgresRecordWriter(dataSource, NullLogger<PostgresRecordWriter>.Instance);

        // 300 orders, each published twice at once (versions 1 and 2) and its audit rows sent twice: the same
        // subject may meet itself inside one batch.
        var writes = Enumerable.Range(0, 300).SelectMany(i => new[]
        {
            writer.UpsertAsync(Line(i, version: 1), CancellationToken.None),
            writer.UpsertAsync(Line(i, version: 2), CancellationToken.None),
            writer.AppendAuditAsync([Entry(i, 1), Entry(i, 2)], CancellationToken.None),
            writer.AppendAuditAsync([Entry(i, 2)], CancellationToken.None),
        });
        await Task.WhenAll(writes);

        Assert.Equal(600L, await SchemaTests.ScalarAsync<long>(dataSource, "SELECT count(*) FROM fs_audit"));
        Assert.Equal(300L, await SchemaTests.ScalarAsync<long>(dataSource, "SELECT count(*) FROM fs_work_order_index WHERE version = 2"));
        Assert.Equal(0L, await SchemaTests.ScalarAsync<long>(dataSource, "SELECT count(*) FROM fs_work_order_index WHERE version <> 2"));
    }

    [Fact]
    public async Task S1_a_write_the_database_refuses_fails_alone_and_the_others_in_its_batch_land()
    {
        await using var dataSource = NpgsqlDataSource.Create(await server.CreateDatabaseWithSchemaAsync());
        await using var writer = new PostgresRecordWriter(dataSource, NullLogger<PostgresRecordWriter>.Instance);

        var good = Enumerable.Range(0, 50).Select(i => writer.AppendAuditAsync([Entry(i, 1)], CancellationToken.None)).ToList();
        var bad = writer.AppendAuditAsync([Entry(99, 1) with { Action = null! }], CancellationToken.None);
        var late = Enumerable.Range(50, 50).Select(i => writer.AppendAuditAsync([Entry(i, 1)], CancellationToken.None)).ToList();

        await Task.WhenAll(good.Concat(late));
        await Assert.ThrowsAsync<PostgresException>(() => bad);
        Assert.Equal(100L, await SchemaTests.ScalarAsync<long>(dataSource, "SELECT count(*) FROM fs_audit"));
    }

    private static WorkOrderSummary Line(int i, long version) =>
        new($"wo-{i}", version == 1 ? WorkOrderStatus.Reported : WorkOrderStatus.Triaged, Priority.Normal, "north", null, $"Customer {i}",
            "AC-9000", false, At, At.AddMinutes(version), version, null);

    private static AuditEntry Entry(int i, long sequence) =>
        new("work-order", $"wo-{i}", sequence, At.AddMinutes(sequence), new Actor("agent-1", Roles.Agent), sequence == 1 ? "report" : "triage",
            null, null, null, $"wo-{i}", null);
}
