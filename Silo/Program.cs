using FieldService.Silo.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FieldService.Silo;

/// <summary>A headless silo. <c>apply-schema</c> applies deploy/sql to ConnectionStrings:FieldService and exits.</summary>
internal static class Program
{
    public static async Task Main(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        if (args.Contains("apply-schema"))
        {
            var connectionString = FieldServiceHosting.ConnectionString(builder.Configuration)
                ?? throw new InvalidOperationException(
                    "apply-schema needs ConnectionStrings:FieldService, e.g. --ConnectionStrings:FieldService \"Host=127.0.0.1;Username=postgres;Database=fieldservice\".");
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            using var loggers = LoggerFactory.Create(l => l.AddSimpleConsole());
            await SchemaInstaller.ApplyAsync(dataSource, loggers.CreateLogger("FieldService.Schema"));
            return;
        }

        builder.AddFieldServiceSilo();
        builder.AddFieldServiceTelemetry();
        await builder.Build().RunAsync();
    }
}
