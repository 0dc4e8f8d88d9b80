using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using FieldService.Grains.Records;
using Microsoft.Extensions.Time.Testing;
using Orleans.Hosting;
using Orleans.Reminders;

using FieldService.Testing;

namespace FieldService.Tests.Infrastructure;

/// <summary>
/// The real web host (Program) with its co-hosted silo on free ports, in the embedded mode or, given a connection
/// string, the durable mode. The clock is fake. Demo data is off so tests see only what they create.
/// </summary>
public sealed class AppFactory(
    string? connectionString = null,
    FakeTimeProvider? time = null,
    IReadOnlyDictionary<string, string>? settings = null,
    LogCapture? logSink = null,
    Action<IServiceCollection>? testServices = null) : WebApplicationFactory<Program>
{
    public FakeTimeProvider Time { get; } = time ?? new FakeTimeProvider(ClusterFixture.Start);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        TimerWatch.Start();
        builder.UseEnvironment("Testing");
        builder.UseSetting("Orleans:SiloPort", FreePorts.Next().ToString());
        builder.UseSetting("Orleans:GatewayPort", FreePorts.Next().ToString());
        builder.UseSetting("Orleans:ClusterId", "tests");
        builder.UseSetting("Orleans:Dashboard", "false");
        builder.UseSetting("Demo:Seed", "false");
        builder.UseSetting("Demo:Simulate", "false");
        builder.UseSetting("ConnectionStrings:FieldService", connectionString ?? "");
        builder.UseSetting("Auth:SigningKey", Personas.TestSigningKey);
        builder.UseSetting("Auth:DevTokens", "true");
        // Tests place orders by hand unless they turn automatic dispatch on through settings.
        builder.UseSetting("Dispatch:Automatic", "false");
        builder.UseSetting("Dispatch:BatchWindow", "00:00:00"); // a batch window would wait on the fake clock
        // Q3's rule reads tallies of every earlier completion: pinned, each walk takes one path (through inspection).
        builder.UseSetting("Quality:Sampling", "Always");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }

        if (logSink is not null)
        {
            // A provider-specific rule outranks the category levels in appsettings: the sink sees every level.
            builder.ConfigureLogging(logging => logging.AddProvider(logSink).AddFilter<LogCapture>(_ => true));
        }

        builder.ConfigureTestServices(services =>
        {
            // One fake clock for the platform, the grains' timers and the reminders.
            services.AddSingleton<TimeProvider>(Time);
            services.AddKeyedSingleton<TimeProvider>(Orleans.Runtime.TimeProviderNames.Grains, Time);
            services.AddKeyedSingleton<TimeProvider>(ReminderTimeProviderNames.Reminders, Time);
            services.Configure<ReminderOptions>(o => o.ReminderLoadingWindow = TimeSpan.FromDays(7));

            // The audit trail the host chose (memory or PostgreSQL), with a signal tests can wait on.
            var chosen = services.Last(d => d.ServiceType == typeof(IAuditLog));
            services.Remove(chosen);
            services.AddSingleton<IAuditLog>(provider =>
                new AuditSignal((IAuditLog)ActivatorUtilities.CreateInstance(provider, chosen.ImplementationType!)));
            testServices?.Invoke(services);
        });
    }

    /// <summary>Moves the fake clock once every reminder of the host's silo has armed its wait (<see cref="TimerWatch"/>);
    /// a failed wait names the jump and the test that made it.</summary>
    /// <summary>Waits until the host's silo holds the order's clock reminder with its wait armed: before a jump meant to
    /// make one of its deadlines fall due (a reactivated order's reminder is loaded from the table asynchronously).</summary>
    public Task ClocksArmedAsync(string workOrderId, string what) =>
        TimerWatch.ReminderArmedAsync(Services.GetRequiredService<Orleans.Runtime.ILocalSiloDetails>().SiloAddress,
            Services.GetRequiredService<IGrainFactory>().GetGrain<FieldService.WorkOrders.IWorkOrderGrain>(workOrderId), "sla-clocks", what);

    public Task AdvanceAsync(
        TimeSpan by, [CallerArgumentExpression(nameof(by))] string jump = "", [CallerMemberName] string test = "") =>
        Time.AdvanceAsync(by, Services.GetRequiredService<Orleans.Runtime.ILocalSiloDetails>().SiloAddress, $"the jump by {jump} in {test}");

    /// <summary>The host's audit trail, with a signal to wait on.</summary>
    public AuditSignal Audit => (AuditSignal)Services.GetRequiredService<IAuditLog>();

    /// <summary>Runs before every call of the callers from <see cref="Personas"/> (see <see cref="ApiClient"/>).</summary>
    public Func<string, Task>? BetweenSteps { get; set; }

    /// <summary>Callers with roles, signed in through the dev-token endpoint of this host.</summary>
    public Personas Personas => new(CreateClient, BetweenSteps);

}
