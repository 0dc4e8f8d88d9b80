using System.Runtime.CompilerServices;
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

/// <summary>An in-process Orleans cluster for one test class (<c>IClassFixture</c>: no other class shares its clock or
/// its grains), with embedded-mode storage and a fake clock that the grains, their timers and reminders all read.
/// Automatic dispatch is off, so the lifecycle and clock tests place orders by hand; <see cref="DispatchClusterFixture"/>
/// has it on. Every completion is inspected (<c>Quality:Sampling</c> pinned to <c>Always</c>), so a walk takes one
/// path whatever ran before it.</summary>
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
        TimerWatch.Start();
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
            // Q3's rule reads tallies of every earlier completion: pinned, each walk takes one path (through inspection).
            host.Services.Configure<FieldService.Grains.Quality.SamplingOptions>(o => o.Sampling = FieldService.Grains.Quality.SamplingMode.Always);
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

    /// <summary>Moves the fake clock once every reminder of the cluster has armed its wait (<see cref="TimerWatch"/>);
    /// a failed wait names the jump and the test that made it.</summary>
    public Task AdvanceAsync(
        TimeSpan by, [CallerArgumentExpression(nameof(by))] string jump = "", [CallerMemberName] string test = "") =>
        Time.AdvanceAsync(by, Silo, $"the jump by {jump} in {test}");

    /// <summary>Waits until no reminder of the cluster is left to arm and no grain timer is due or running.</summary>
    public Task SettledAsync(string what) => TimerWatch.SettledAsync(Silo, what);

    public SiloAddress Silo => Cluster.Silos[0].SiloAddress;
}

/// <summary>A cluster of its own with automatic dispatch on (the default of a real deployment).</summary>
public sealed class DispatchClusterFixture : ClusterFixture
{
    protected override bool AutomaticDispatch => true;
}
