using FieldService.Silo.Intake;
using System.Net;
using FieldService.Grains.Clocks;
using FieldService.Grains.Common;
using FieldService.Grains.Dispatching;
using FieldService.Grains.Notifications;
using FieldService.Grains.Records;
using FieldService.Silo.Notifications;
using FieldService.Silo.Records;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Dashboard;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;

namespace FieldService.Silo.Hosting;

/// <summary>
/// The one place that chooses storage: embedded (localhost clustering, in-memory grain storage, reminders and
/// records) or durable (Orleans ADO.NET clustering, persistence and reminders plus the project's tables, all on
/// PostgreSQL). Durable mode is on when <c>ConnectionStrings:FieldService</c> is set.
/// </summary>
public static class FieldServiceHosting
{
    public const string ConnectionStringName = "FieldService";
    private const string AdoNetInvariant = "Npgsql";

    /// <summary>The PostgreSQL connection string of Orleans' ADO.NET providers (storage, reminders, clustering), or
    /// null in the embedded mode. Unless the operator set them, two Npgsql settings are turned on that roughly halve
    /// PostgreSQL's CPU per statement: the same few statements run thousands of times a second, so they are prepared
    /// once per connection (Max Auto Prepare), and a pooled connection is not reset with DISCARD ALL on every return
    /// (No Reset On Close; the platform keeps no session state on its connections). See docs/benchmarks.md. The pool
    /// is bounded by <see cref="DatabasePoolOptions.OrleansPoolSize"/> (docs/operations.md).</summary>
    public static string? ConnectionString(IConfiguration configuration) =>
        Tuned(configuration, PoolOptions(configuration).OrleansPoolSize, "fieldservice-orleans");

    /// <summary>The connection string of the records' <see cref="NpgsqlDataSource"/>: as
    /// <see cref="ConnectionString"/>, with its own bound (<see cref="DatabasePoolOptions.RecordsPoolSize"/>).</summary>
    public static string? RecordsConnectionString(IConfiguration configuration) =>
        Tuned(configuration, PoolOptions(configuration).RecordsPoolSize, "fieldservice-records");

    private static string? Tuned(IConfiguration configuration, int poolSize, string applicationName)
    {
        if (configuration.GetConnectionString(ConnectionStringName) is not { Length: > 0 } value)
        {
            return null;
        }

        // Npgsql's builder reports every keyword it knows as present, so what the operator wrote is read from the
        // plain builder (keywords compared without spaces or case).
        var written = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = value }.Keys.Cast<string>()
            .Select(k => k.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant()).ToHashSet();
        var builder = new NpgsqlConnectionStringBuilder(value);
        if (!written.Contains("MAXAUTOPREPARE"))
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        if (!written.Contains("NORESETONCLOSE"))
        {
            builder.NoResetOnClose = true;
        }

        if (!written.Contains("MAXIMUMPOOLSIZE") && !written.Contains("MAXPOOLSIZE"))
        {
            builder.MaxPoolSize = poolSize;
            builder.MinPoolSize = Math.Min(builder.MinPoolSize, poolSize);
        }

        // Names the pool in pg_stat_activity, so an operator can count each pool's connections.
        if (!written.Contains("APPLICATIONNAME"))
        {
            builder.ApplicationName = applicationName;
        }

        return builder.ConnectionString;
    }

    private static DatabasePoolOptions PoolOptions(IConfiguration configuration)
    {
        var options = configuration.GetSection(DatabasePoolOptions.SectionName).Get<DatabasePoolOptions>() ?? new();
        var result = new DatabasePoolOptionsValidator().Validate(null, options);
        return result.Failed
            ? throw new OptionsValidationException(DatabasePoolOptions.SectionName, typeof(DatabasePoolOptions), result.Failures)
            : options;
    }

    public static bool IsDurable(IConfiguration configuration) => ConnectionString(configuration) is not null;

    /// <summary>Runs a silo in this process, with the grains' storage and records chosen by configuration.</summary>
    public static IHostApplicationBuilder AddFieldServiceSilo(this IHostApplicationBuilder builder)
    {
        var connectionString = ConnectionString(builder.Configuration);
        if (builder.Configuration.GetValue<bool>($"{ClusterHostingOptions.SectionName}:{nameof(ClusterHostingOptions.KubernetesHosting)}") && connectionString is null)
        {
            throw new OptionsValidationException(ClusterHostingOptions.SectionName, typeof(ClusterHostingOptions),
                ["Orleans:KubernetesHosting needs durable mode (ConnectionStrings:FieldService): the cluster's membership is kept in PostgreSQL."]);
        }

        var options = builder.AddClusterHostingOptions();
        builder.AddFieldServiceDatabase();
        builder.Services.AddFieldServiceGrainServices(connectionString);
        if (connectionString is null)
        {
            builder.Services.AddHostedService<EmbeddedModeBanner>();
        }

        builder.UseOrleans(silo =>
        {
            if (connectionString is null)
            {
                silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
            }
            else
            {
                silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (options.ClusterId, options.ServiceId));
                if (options.KubernetesHosting)
                {
                    // The pod's IP is only known inside the pod: Orleans' Kubernetes hosting advertises it (and sets
                    // the ids from the pod's labels, registered after ours so they win); the ports stay ours.
                    silo.Configure<EndpointOptions>(o => (o.SiloPort, o.GatewayPort) = (options.SiloPort, options.GatewayPort));
                    silo.UseKubernetesHosting();
                }
                else
                {
                    silo.ConfigureEndpoints(IPAddress.Parse(options.AdvertisedAddress), options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
                }

                silo.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = (AdoNetInvariant, connectionString));
            }

            silo.AddFieldServiceStorage(connectionString);
            if (options.CollectionAge is { } collectionAge)
            {
                silo.Configure<GrainCollectionOptions>(o => o.CollectionAge = collectionAge);
            }

            silo.AddFieldServiceFaultHandling(options);
            if (options.Dashboard)
            {
                silo.AddDashboard();
            }
        });
        return builder;
    }

    /// <summary>The services grains depend on: the records (audit trail and indexes) in memory or in PostgreSQL,
    /// the publisher and the clock. Durable mode also needs an <see cref="NpgsqlDataSource"/> registered.</summary>
    public static IServiceCollection AddFieldServiceGrainServices(this IServiceCollection services, string? connectionString)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<RecordPublisher>();
        services.TryAddSingleton<IFaultInjection, NoFaults>();
        services.AddFieldServiceNotifications();
        services.AddClockReminderPeriod();
        services.AddOptions<SlaOptions>().BindConfiguration(SlaOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SlaOptions>, SlaOptionsValidator>());
        services.AddOptions<FieldService.Grains.Parts.PartsOptions>().BindConfiguration(FieldService.Grains.Parts.PartsOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FieldService.Grains.Parts.PartsOptions>, FieldService.Grains.Parts.PartsOptionsValidator>());
        services.AddOptions<DispatchOptions>().BindConfiguration(DispatchOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DispatchOptions>, DispatchOptionsValidator>());
        services.AddAttachmentOptions();
        services.AddOptions<FieldService.Grains.Quality.SamplingOptions>().BindConfiguration(FieldService.Grains.Quality.SamplingOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FieldService.Grains.Quality.SamplingOptions>, FieldService.Grains.Quality.SamplingOptionsValidator>());
        services.AddMailIntake();
        if (connectionString is null)
        {
            services.AddSingleton<IAuditLog, InMemoryAuditLog>();
            services.AddSingleton<IWorkOrderIndex, InMemoryWorkOrderIndex>();
            services.AddSingleton<ITechnicianIndex, InMemoryTechnicianIndex>();
            services.AddSingleton<IEscalationIndex, InMemoryEscalationIndex>();
            services.AddSingleton<IStandardUsageIndex, InMemoryStandardUsageIndex>();
            services.AddSingleton<IComplaintIndex, InMemoryComplaintIndex>();
            services.AddSingleton<IAttachmentStore, InMemoryAttachmentStore>();
        }
        else
        {
            services.AddSingleton<PostgresRecordWriter>();
            services.AddSingleton<IAuditLog, PostgresAuditLog>();
            services.AddSingleton<IWorkOrderIndex, PostgresWorkOrderIndex>();
            services.AddSingleton<ITechnicianIndex, PostgresTechnicianIndex>();
            services.AddSingleton<IEscalationIndex, PostgresEscalationIndex>();
            services.AddSingleton<IStandardUsageIndex, PostgresStandardUsageIndex>();
            services.AddSingleton<IComplaintIndex, PostgresComplaintIndex>();
            services.AddSingleton<IAttachmentStore, PostgresAttachmentStore>();
        }

        return services;
    }

    /// <summary>Issue 16: customer notices by email (<c>Notifications:Smtp</c>) and SMS (<c>Notifications:Sms</c>); a gateway
    /// without its address configured stays off, and with neither the record on the order is the notification.</summary>
    public static IServiceCollection AddFieldServiceNotifications(this IServiceCollection services)
    {
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NotificationOptions>, NotificationOptionsValidator>());
        services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SmtpOptions>, SmtpOptionsValidator>());
        services.AddOptions<SmsOptions>().BindConfiguration(SmsOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SmsOptions>, SmsOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INotificationChannel, SmtpNotificationChannel>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INotificationChannel, SmsGatewayChannel>());
        services.TryAddSingleton<NotificationCourier>();
        return services;
    }

    /// <summary>The attachment limits (section <c>Attachments</c>), validated at start: the grains enforce them and a web
    /// host (co-hosting a silo or a client) stops reading an upload beyond them.</summary>
    public static IServiceCollection AddAttachmentOptions(this IServiceCollection services)
    {
        services.AddOptions<FieldService.Attachments.AttachmentOptions>().BindConfiguration(FieldService.Attachments.AttachmentOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FieldService.Attachments.AttachmentOptions>, AttachmentOptionsValidator>());
        return services;
    }

    /// <summary>Grain storage and reminders: in memory, or Orleans' ADO.NET providers on PostgreSQL.</summary>
    public static ISiloBuilder AddFieldServiceStorage(this ISiloBuilder silo, string? connectionString)
    {
        if (connectionString is null)
        {
            // The same plain JSON as PostgreSQL: Orleans' default writes CLR type names, and a compiler-generated
            // collection (from a collection expression) then fails its type allow-list when the grain is reactivated.
            // In this process, not in Orleans' storage and reminder grains: those are deactivated with every other
            // grain when the silo stops, and a last write or reminder then hung the stop (InProcessGrainStorage).
            silo.Services.AddGrainStorage(StorageNames.Records, (_, name) => new InProcessGrainStorage(name, new JsonGrainStorageSerializer()));
            silo.AddReminders();
            silo.Services.AddSingleton<IReminderTable, InProcessReminderTable>();
        }
        else
        {
            silo.AddAdoNetGrainStorage(StorageNames.Records, o =>
            {
                (o.Invariant, o.ConnectionString) = (AdoNetInvariant, connectionString);
                o.GrainStorageSerializer = new JsonGrainStorageSerializer();
            });
            silo.UseAdoNetReminderService(o => (o.Invariant, o.ConnectionString) = (AdoNetInvariant, connectionString));
        }

        return silo;
    }

    /// <summary>How the silo behaves when a silo or PostgreSQL fails: a dead silo is declared dead within seconds
    /// (its pending calls then fail at once instead of waiting out the response timeout), a read caught by a silo's
    /// departure is sent again (<see cref="ReadRetryFilter"/>), and database errors leave
    /// the silo as <see cref="DatabaseException"/>, which every caller can read. The values and their costs are in
    /// <see cref="ClusterHostingOptions"/> and docs/operations.md.</summary>
    public static ISiloBuilder AddFieldServiceFaultHandling(this ISiloBuilder silo, ClusterHostingOptions options)
    {
        silo.AddIncomingGrainCallFilter<DatabaseFailureFilter>();
        silo.AddOutgoingGrainCallFilter<ReadRetryFilter>();
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = options.ResponseTimeout);
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = options.ProbeTimeout;
            o.NumMissedProbesLimit = options.MissedProbesLimit;
            o.NumVotesForDeathDeclaration = options.VotesForDeathDeclaration;
            o.IAmAliveTablePublishTimeout = options.IAmAlivePublishPeriod;
        });
        return silo;
    }

    /// <summary>Lets the clocks' reminder use <see cref="SlaOptions.ReminderPeriod"/>: Orleans refuses a period
    /// below <see cref="ReminderOptions.MinimumReminderPeriod"/> (1 minute by default).</summary>
    private static void AddClockReminderPeriod(this IServiceCollection services) =>
        services.AddOptions<ReminderOptions>().Configure<IOptions<SlaOptions>>((reminders, sla) =>
            reminders.MinimumReminderPeriod = TimeSpan.FromTicks(Math.Min(reminders.MinimumReminderPeriod.Ticks, sla.Value.ReminderPeriod.Ticks)));

    /// <summary>Joins an existing cluster as a client (a web host that runs no silo).</summary>
    public static IHostApplicationBuilder AddFieldServiceClient(this IHostApplicationBuilder builder)
    {
        var options = builder.AddClusterHostingOptions();
        var connectionString = ConnectionString(builder.Configuration);
        builder.AddFieldServiceDatabase();
        builder.Services.AddAttachmentOptions();
        builder.UseOrleansClient(client =>
        {
            if (connectionString is null)
            {
                client.UseLocalhostClustering(options.GatewayPort, options.ServiceId, options.ClusterId);
            }
            else
            {
                client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (options.ClusterId, options.ServiceId));
                client.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = (AdoNetInvariant, connectionString));
            }

            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = options.ResponseTimeout);
            client.AddOutgoingGrainCallFilter<ReadRetryFilter>();
        });
        return builder;
    }

    /// <summary>In durable mode: the shared <see cref="NpgsqlDataSource"/>, and the schema applied at start when
    /// <c>Database:ApplySchemaOnStart</c> is true (before the silo starts, since clustering needs the tables).</summary>
    private static void AddFieldServiceDatabase(this IHostApplicationBuilder builder)
    {
        if (RecordsConnectionString(builder.Configuration) is not { } connectionString || builder.Services.Any(s => s.ServiceType == typeof(NpgsqlDataSource)))
        {
            return;
        }

        builder.Services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString) { Name = "fieldservice" }.Build());
        if (builder.Configuration.GetValue<bool>("Database:ApplySchemaOnStart"))
        {
            builder.Services.AddHostedService<SchemaOnStart>();
        }
    }

    private static ClusterHostingOptions AddClusterHostingOptions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ClusterHostingOptions>().BindConfiguration(ClusterHostingOptions.SectionName).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClusterHostingOptions>, ClusterHostingOptionsValidator>());
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        var options = builder.Configuration.GetSection(ClusterHostingOptions.SectionName).Get<ClusterHostingOptions>() ?? new();
        var result = new ClusterHostingOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(ClusterHostingOptions.SectionName, typeof(ClusterHostingOptions), result.Failures);
        }

        return options;
    }

    private sealed class SchemaOnStart(NpgsqlDataSource dataSource, ILogger<SchemaOnStart> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => SchemaInstaller.ApplyAsync(dataSource, logger, cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class EmbeddedModeBanner(ILogger<EmbeddedModeBanner> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            logger.LogWarning(
                "EMBEDDED MODE: one process, in-memory grain storage, reminders and audit trail. NOTHING IS DURABLE: every " +
                "work order and audit entry is lost when this process stops. Set ConnectionStrings:FieldService for PostgreSQL.");
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
