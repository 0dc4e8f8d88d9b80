using FieldService.Parts;
using FieldService.Silo.Hosting;
using FieldService.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.TestingHost;

namespace FieldService.Tests.Faults;

/// <summary>Issue 12, point 5: a database error in a grain reaches its caller in another process with its message,
/// SQL state and transient flag (Npgsql's exceptions have no Orleans codec: before, the caller read only "Could not
/// find a codec for type Npgsql.PostgresException"). Two silos and a client on one PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DatabaseErrorAcrossSilosTests(PostgresServer server)
{
    private static readonly Actor Storekeeper = new("store-1", Roles.Storekeeper);

    [Fact]
    public async Task Faults_a_grains_database_error_reaches_the_caller_on_another_silo_with_its_message_and_sql_state()
    {
        var connectionString = await server.CreateDatabaseWithSchemaAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var builder = new InProcessTestClusterBuilder(2);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Services.AddSingleton(dataSource);
            host.Services.AddFieldServiceGrainServices(connectionString);
        });
        builder.ConfigureSilo((_, silo) => silo.AddFieldServiceStorage(connectionString).AddFieldServiceFaultHandling(new ClusterHostingOptions()));
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        var catalog = cluster.Client.GetGrain<IPartsCatalogGrain>(0);
        Assert.True((await catalog.SaveSupplierAsync(new Supplier("acme", "Acme Parts", true), Storekeeper)).Succeeded);

        // A defect (the storage table is gone): the caller reads PostgreSQL's own message and SQL state.
        await using (var drop = dataSource.CreateCommand("ALTER TABLE orleans_grain_state RENAME TO orleans_grain_state_gone"))
        {
            await drop.ExecuteNonQueryAsync();
        }

        var defect = await Assert.ThrowsAsync<DatabaseException>(() => catalog.SaveSupplierAsync(new Supplier("acme", "Acme Parts Ltd", true), Storekeeper));
        Assert.Equal("42P01", defect.SqlState);
        Assert.False(defect.IsTransient);
        Assert.Contains("orleans_grain_state", defect.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", defect.Message, StringComparison.Ordinal);
        Assert.False(Outages.IsUnavailable(defect));
        await using (var restore = dataSource.CreateCommand("ALTER TABLE orleans_grain_state_gone RENAME TO orleans_grain_state"))
        {
            await restore.ExecuteNonQueryAsync();
        }

        // An outage (the server is down): transient, so the web host answers 503.
        await server.StopAsync();
        DatabaseException outage;
        try
        {
            outage = await Assert.ThrowsAsync<DatabaseException>(() => catalog.SaveSupplierAsync(new Supplier("acme", "Acme Parts Ltd", true), Storekeeper));
        }
        finally
        {
            await server.StartAsync();
        }

        Assert.True(outage.IsTransient, $"a stopped server is an outage: {outage.Message} (SQLSTATE {outage.SqlState})");
        Assert.True(Outages.IsUnavailable(outage));
        Assert.NotEmpty(outage.Message);
        Assert.True((await catalog.SaveSupplierAsync(new Supplier("acme", "Acme Parts Ltd", true), Storekeeper)).Succeeded);
    }
}
