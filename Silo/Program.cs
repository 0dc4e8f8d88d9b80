using FieldService.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FieldService.Silo;

/// <summary>A headless silo. <c>apply-schema</c> applies deploy/sql to ConnectionStrings:FieldService and exits.
/// With an HTTP address configured (ASP.NET Core's <c>ASPNETCORE_HTTP_PORTS</c> / <c>ASPNETCORE_URLS</c> / <c>--urls</c>;
/// the container images set port 8080) it also serves <c>/health/live</c> and <c>/health/ready</c> for an
/// orchestrator's probes; without one it opens no HTTP port, so several silos run side by side on one machine
/// (deploy/scripts/local-cluster.sh).</summary>
internal static class Program
{
    public static async Task Main(string[] args)
    {
        if (args.Contains("apply-schema"))
        {
            var schemaBuilder = Host.CreateApplicationBuilder(args);
            var connectionString = FieldServiceHosting.ConnectionString(schemaBuilder.Configuration)
                ?? throw new InvalidOperationException(
                    "apply-schema needs ConnectionStrings:FieldService, e.g. --ConnectionStrings:FieldService \"Host=127.0.0.1;Username=postgres;Database=fieldservice\".");
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            using var loggers = LoggerFactory.Create(l => l.AddSimpleConsole());
            await SchemaInstaller.ApplyAsync(dataSource, loggers.CreateLogger("FieldService.Schema"));
            return;
        }

        if (!ServesHttp(args))
        {
            var builder = Host.CreateApplicationBuilder(args);
            builder.AddFieldServiceSilo();
            builder.AddFieldServiceTelemetry();
            await builder.Build().RunAsync();
            return;
        }

        var web = WebApplication.CreateSlimBuilder(args);
        web.AddFieldServiceSilo();
        web.AddFieldServiceTelemetry();
        web.Services.AddFieldServiceHealthChecks(FieldServiceHosting.IsDurable(web.Configuration));
        var app = web.Build();
        app.MapFieldServiceHealth();
        await app.RunAsync();
    }

    /// <summary>Whether an HTTP address is configured, read as ASP.NET Core reads it (environment with the
    /// <c>ASPNETCORE_</c> prefix, then the command line).</summary>
    private static bool ServesHttp(string[] args)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables("ASPNETCORE_").AddCommandLine(args).Build();
        return new[] { "urls", "http_ports", "https_ports" }.Any(key => !string.IsNullOrWhiteSpace(configuration[key]));
    }
}
