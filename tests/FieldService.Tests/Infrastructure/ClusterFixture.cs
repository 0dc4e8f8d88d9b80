using FieldService.Grains.Dispatching;
using FieldService.Grains.Records;
using FieldService.Silo.Hosting;
using FieldService.Silo.Records;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Hosting;
using Orleans.Reminders;
using Orleans.TestingHost;

namespace FieldService.Tests.Infrastructure;

/// <summary>One in-process Orleans cluster for the grain tests, with embedded-mode storage and a fake clock that
/// the grains, their timers and reminders all read. Automatic dispatch is off, so the lifecycle and clock tests
/// place orders by hand; <see cref="DispatchClusterFixture"/> has it on.</summary>
public class ClusterFixture : IAsyncLifetime
{
    protected virtual bool AutomaticDispatch => false;

    /// <summary>Services a fixture of its own adds or replaces (registered last, so they win).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>Grain storage and reminders of the embedded mode; a fixture that needs storage faults replaces it.</summary>
    protected virtual void AddStorage(ISiloBuilder silo) => silo.AddFieldServiceStorage(connectionString: null);

    public static readonly DateTimeOffset Start = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Time { get; } = new(Start);

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>Failures a test plans for multi-grain operations (a transfer between two bins).</summary>
    public ScriptedFaults Faults { get; } = new();

    /// <summary>The silo's audit trail, with a signal to wait on.</summary>
    public AuditSignal Audit { get; } = new(new InMemoryAuditLog());

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Services.AddSingleton<TimeProvider>(Time);
            host.Services.AddKeyedSingleton<TimeProvider>(Orleans.Runtime.TimeProviderNames.Grains, Time);
            host.Services.AddKeyedSingleton<TimeProvider>(ReminderTimeProviderNames.Reminders, Time);
            host.Services.AddFieldServiceGrainServices(connectionString: null);
            host.Services.AddSingleton<IAuditLog>(Audit);
            host.Services.AddSingleton<FieldService.Grains.Common.IFaultInjection>(Faults);
            var automatic = AutomaticDispatch;
            // Rounds at once: a batch window would wait on the fake clock.
            host.Services.Configure<DispatchOptions>(o => (o.Automatic, o.BatchWindow) = (automatic, TimeSpan.Zero));
            // Class A parts are counted every 2 days here, inside the reminder loading window.
            host.Services.Configure<FieldService.Grains.Parts.PartsOptions>(o => o.CountEvery["A"] = TimeSpan.FromDays(2));
            ConfigureServices(host.Services);
        });
        builder.ConfigureSilo((_, silo) =>
        {
            AddStorage(silo);
            // Orleans keeps in memory only reminders due within this window and reloads the rest every few
            // minutes; fake time jumps hours at once, so every reminder is kept loaded and fires on the jump itself.
            silo.Configure<ReminderOptions>(o => o.ReminderLoadingWindow = TimeSpan.FromDays(7));
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "Orleans cluster";
}

/// <summary>A cluster of its own with automatic dispatch on (the default of a real deployment).</summary>
public sealed class DispatchClusterFixture : ClusterFixture
{
    protected override bool AutomaticDispatch => true;
}

[CollectionDefinition(Name)]
public sealed class DispatchClusterCollection : ICollectionFixture<DispatchClusterFixture>
{
    public const string Name = "Orleans cluster with automatic dispatch";
}
