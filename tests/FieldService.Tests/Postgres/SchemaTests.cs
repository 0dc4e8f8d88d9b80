using FieldService.Silo.Hosting;
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
