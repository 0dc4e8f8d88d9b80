using Microsoft.Extensions.Logging.Abstractions;
using FieldService.Grains.Records;
using FieldService.Silo.Hosting;
using FieldService.Silo.Records;
using FieldService.Tests.Infrastructure;
using FieldService.WorkOrders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Orleans.Hosting;
using Orleans.Reminders;
using Orleans.TestingHost;

namespace FieldService.Tests.Postgres;

/// <summary>Clocks survive the loss of a silo: with grain state and reminders on PostgreSQL, the silo that held an
/// order is stopped before its deadline, and the other silo fires the breach.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DurableClockTests(PostgresServer server)
{
    [Fact]
    public async Task P2_the_breach_fires_on_the_surviving_silo_when_the_silo_holding_the_order_is_stopped()
    {
        var connectionString = await server.CreateDatabaseWithSchemaAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var time = new FakeTimeProvider(ClusterFixture.Start);
        await using var writer = new PostgresRecordWriter(dataSource, NullLogger<PostgresRecordWriter>.Instance);
        var audit = new AuditSignal(new PostgresAuditLog(dataSource, writer));

        TimerWatch.Start();
        var builder = new InProcessTestClusterBuilder(2);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Services.AddSingleton(dataSource);
            host.Services.AddSingleton<TimeProvider>(time);
            host.Services.AddKeyedSingleton<TimeProvider>(Orleans.Runtime.TimeProviderNames.Grains, time);
            host.Services.AddKeyedSingleton<TimeProvider>(ReminderTimeProviderNames.Reminders, time);
            host.Services.AddFieldServiceGrainServices(connectionString);
            host.Services.AddSingleton<IAuditLog>(audit);
        });
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddFieldServiceStorage(connectionString);
            silo.Configure<ReminderOptions>(o => o.ReminderLoadingWindow = TimeSpan.FromDays(7));
        });
        await using var cluster = builder.Build();
        await cluster.DeployAsync();

        var order = cluster.Client.GetGrain<IWorkOrderGrain>(Guid.NewGuid().ToString());
        Assert.True((await order.ReportAsync(Intakes.Fault(), new Actor("agent-1", Roles.Agent))).Succeeded);
        var holder = await cluster.Client.GetGrain<IManagementGrain>(0).GetActivationAddress(order);
        var doomed = cluster.Silos.Single(s => s.SiloAddress.Equals(holder));
        await cluster.StopSiloAsync(doomed);

        var survivor = cluster.Silos.Single(s => !s.SiloAddress.Equals(holder)).SiloAddress;
        await TimerWatch.ReminderArmedAsync(survivor, order, "sla-clocks", $"the clocks of {order.GetPrimaryKeyString()} taken over by the silo that survived");
        time.Advance(TimeSpan.FromMinutes(61));
        var breach = await audit.WaitForAsync(
            e => e.SubjectId == order.GetPrimaryKeyString() && e.Action == "breach",
            $"the P2 breach of {order.GetPrimaryKeyString()} on the silo that survived");

        Assert.Equal(survivor, await cluster.Client.GetGrain<IManagementGrain>(0).GetActivationAddress(order));
        Assert.StartsWith("P2:", breach.Reason, StringComparison.Ordinal);
        Assert.NotNull((await order.GetAsync())!.Clocks.Single().BreachedAt);
        await using var rows = dataSource.CreateCommand(
            $"SELECT count(*) FROM fs_audit WHERE subject_id = '{order.GetPrimaryKeyString()}' AND action = 'breach'");
        Assert.Equal(1L, (long)(await rows.ExecuteScalarAsync())!);
    }
}
