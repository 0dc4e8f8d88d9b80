using FieldService.Complaints;
using FieldService.Quality;
using FieldService.Silo.Hosting;
using FieldService.Silo.Records;
using FieldService.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace FieldService.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class SchemaTests(PostgresServer server)
{
    [Fact]
    public async Task The_schema_applies_to_a_fresh_database_and_again_harmlessly()
    {
        await using var dataSource = NpgsqlDataSource.Create(await server.CreateDatabaseAsync());

        await SchemaInstaller.ApplyAsync(dataSource, NullLogger.Instance);
        await using (var insert = dataSource.CreateCommand(
                         "INSERT INTO fs_work_order_index VALUES ('wo-1','reported','normal','north',NULL,'A','M',false,now(),now(),1)"))
        {
            await insert.ExecuteNonQueryAsync();
        }

        await SchemaInstaller.ApplyAsync(dataSource, NullLogger.Instance);

        Assert.Equal(["001_orleans_main.sql", "002_orleans_clustering.sql", "003_orleans_persistence.sql", "004_orleans_reminders.sql",
            "100_fieldservice_records.sql"], SchemaInstaller.Scripts.Select(s => s["sql/".Length..]));
        Assert.Equal(1L, await ScalarAsync<long>(dataSource, "SELECT count(*) FROM fs_work_order_index"));
        var keys = await ListAsync(dataSource, "SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey");
        Assert.Superset(new HashSet<string>
        {
            "UpdateIAmAlivetimeKey", "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "GatewaysQueryKey",
            "MembershipReadRowKey", "MembershipReadAllKey", "DeleteMembershipTableEntriesKey", "CleanupDefunctSiloEntriesKey",
            "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey", "DeleteStorageKey",
            "ReadReminderRowsKey", "ReadRangeRows1Key", "ReadRangeRows2Key", "ReadReminderRowKey", "UpsertReminderRowKey",
            "DeleteReminderRowKey", "DeleteReminderRowsKey",
        }, keys.ToHashSet());
    }

    [Fact]
    public async Task The_schema_brings_a_database_of_an_earlier_version_up_to_date()
    {
        await using var dataSource = NpgsqlDataSource.Create(await server.CreateDatabaseAsync());
        await using (var earlier = dataSource.CreateCommand(
                         "CREATE TABLE fs_work_order_index (id text PRIMARY KEY, status text NOT NULL, priority text NOT NULL, " +
                         "region text NOT NULL, technician_id text NULL, customer_name text NOT NULL, product_model text NOT NULL, " +
                         "critical boolean NOT NULL, reported_at timestamptz NOT NULL, updated_at timestamptz NOT NULL, version bigint NOT NULL)"))
        {
            await earlier.ExecuteNonQueryAsync();
        }

        await SchemaInstaller.ApplyAsync(dataSource, NullLogger.Instance);

        Assert.Equal(1L, await ScalarAsync<long>(dataSource,
            "SELECT count(*) FROM information_schema.columns WHERE table_name = 'fs_work_order_index' AND column_name = 'customer_id'"));
    }

    [Fact]
    public async Task Q1_a_usage_list_kept_as_grain_state_by_an_earlier_version_is_moved_into_rows_once_in_its_order()
    {
        await using var dataSource = NpgsqlDataSource.Create(await server.CreateDatabaseWithSchemaAsync());
        await using var writer = new PostgresRecordWriter(dataSource, NullLogger<PostgresRecordWriter>.Instance);
        var index = new PostgresStandardUsageIndex(dataSource, writer);
        var at = new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
        // A use the new version already recorded (the follow-up reached it first) keeps its row as it is.
        await index.RecordAsync("hvac", 2, new StandardUse("wo-3", "t-new", at.AddHours(9), true));

        // What the usage grain stored before: its whole list, in recorded order, under state name 'standard-usage'.
        StandardUse[] legacy = [new("wo-1", "t-1", at, true), new("wo-2", null, at.AddHours(1), false), new("wo-3", "t-3", at.AddHours(2), false)];
        await LegacyUsageStateAsync(dataSource, "hvac/v2", legacy);
        await LegacyUsageStateAsync(dataSource, "coolers/v1", [new("wo-9", "t-9", at, true)]);

        await SchemaInstaller.ApplyAsync(dataSource, NullLogger.Instance);
        await SchemaInstaller.ApplyAsync(dataSource, NullLogger.Instance);

        var hvac = await index.ListAsync("hvac", 2, 1, 10);
        Assert.Equal(3L, hvac.Total);
        // Newest first: the moved list after the row that was there before it, in the list's own order.
        Assert.Equal([new("wo-2", null, at.AddHours(1), false), new("wo-1", "t-1", at, true), new StandardUse("wo-3", "t-new", at.AddHours(9), true)],
            hvac.Items);
        Assert.Equal([new StandardUse("wo-9", "t-9", at, true)], (await index.ListAsync("coolers", 1, 1, 10)).Items);
        Assert.Equal(0L, await ScalarAsync<long>(dataSource, "SELECT count(*) FROM orleans_grain_state WHERE grain_type = 'standard-usage'"));
    }

    [Fact]
    public async Task Issue17_6_a_complaint_directory_kept_as_grain_state_by_an_earlier_version_is_moved_into_rows_once()
    {
        await using var dataSource = NpgsqlDataSource.Create(await server.CreateDatabaseWithSchemaAsync());
        await using var writer = new PostgresRecordWriter(dataSource, NullLogger<PostgresRecordWriter>.Instance);
        var index = new PostgresComplaintIndex(dataSource, writer);
        var at = new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
        ComplaintSummary Line(string id, ComplaintStatus status, string? technicianId, bool? upheld, int hours, long version) =>
            new(id, status, "wo-" + id, technicianId, "cu-1", ComplaintCategory.Timeliness, upheld, at.AddHours(hours), at.AddHours(hours + 1), version);
        // The new version already listed c-2 at a newer version (its complaint published after the upgrade), and c-3
        // at an older one (published before the grain state's last write).
        var newer = Line("c-2", ComplaintStatus.FedBack, "t-2", false, 1, 4);
        await index.UpsertAsync(newer);
        await index.UpsertAsync(Line("c-3", ComplaintStatus.Opened, null, null, 2, 1));

        // What the directory grain stored before: every summary by id, under state name 'complaintDirectory', key 0.
        ComplaintSummary[] legacy =
        [
            Line("c-1", ComplaintStatus.Resolved, "t-1", true, 0, 3), Line("c-2", ComplaintStatus.Investigated, "t-2", null, 1, 2),
            Line("c-3", ComplaintStatus.Investigated, null, null, 2, 2),
        ];
        await using (var insert = dataSource.CreateCommand(
                         "INSERT INTO orleans_grain_state (service_id, grain_type_hash, grain_type, grain_id_hash, grain_id_n0, grain_id_n1, grain_id_extension, payload, version) " +
                         "VALUES ('fieldservice', 1, 'complaintDirectory', 0, 0, 0, NULL, $1, 12)"))
        {
            insert.Parameters.Add(new() { Value = new JsonGrainStorageSerializer().Serialize(new { Complaints = legacy.ToDictionary(c => c.Id) }).ToArray() });
            await insert.ExecuteNonQueryAsync();
        }

        await SchemaInstaller.ApplyAsync(dataSource, NullLogger.Instance);
        await SchemaInstaller.ApplyAsync(dataSource, NullLogger.Instance);

        var listed = await index.QueryAsync(new ComplaintQuery(null, null, null, null, 1, 10));
        Assert.Equal([legacy[2], newer, legacy[0]], listed.Items);
        Assert.Equal(3L, listed.Total);
        Assert.Equal(0L, await ScalarAsync<long>(dataSource, "SELECT count(*) FROM orleans_grain_state WHERE grain_type = 'complaintDirectory'"));
    }

    private static async Task LegacyUsageStateAsync(NpgsqlDataSource dataSource, string key, StandardUse[] uses)
    {
        await using var insert = dataSource.CreateCommand(
            "INSERT INTO orleans_grain_state (service_id, grain_type_hash, grain_type, grain_id_hash, grain_id_n0, grain_id_n1, grain_id_extension, payload, version) " +
            "VALUES ('fieldservice', 1, 'standard-usage', hashtext($1), 0, 0, $1, $2, 7)");
        insert.Parameters.Add(new() { Value = key });
        insert.Parameters.Add(new() { Value = new JsonGrainStorageSerializer().Serialize(new { Uses = uses }).ToArray() });
        await insert.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task S1_the_audit_table_refuses_updates_and_deletes()
    {
        await using var dataSource = NpgsqlDataSource.Create(await server.CreateDatabaseAsync());
        await SchemaInstaller.ApplyAsync(dataSource, NullLogger.Instance);
        await using (var insert = dataSource.CreateCommand(
                         "INSERT INTO fs_audit (subject_type, subject_id, sequence, at, actor_id, actor_role, action) " +
                         "VALUES ('work-order','wo-1',1,now(),'agent-1','agent','report')"))
        {
            await insert.ExecuteNonQueryAsync();
        }

        foreach (var tampering in new[] { "UPDATE fs_audit SET actor_id = 'someone-else'", "DELETE FROM fs_audit", "TRUNCATE fs_audit" })
        {
            await using var command = dataSource.CreateCommand(tampering);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("append-only", refused.MessageText, StringComparison.Ordinal);
        }

        Assert.Equal("agent-1", await ScalarAsync<string>(dataSource, "SELECT actor_id FROM fs_audit"));
    }

    internal static async Task<T> ScalarAsync<T>(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    internal static async Task<List<string>> ListAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
