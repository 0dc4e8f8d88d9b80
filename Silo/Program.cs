using FieldService.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

// A headless silo. `apply-schema` applies deploy/sql to ConnectionStrings:FieldService and exits.
var builder = Host.CreateApplicationBuilder(args);
if (args.Contains("apply-schema"))
{
    var connectionString = FieldServiceHosting.ConnectionString(builder.Configuration)
        ?? throw new InvalidOperationException("apply-schema needs ConnectionStrings:FieldService (e.g. --ConnectionStrings:FieldService \"Host=...\").");
    await using var dataSource = NpgsqlDataSource.Create(connectionString);
    using var loggers = LoggerFactory.Create(l => l.AddSimpleConsole());
    await SchemaInstaller.ApplyAsync(dataSource, loggers.CreateLogger("FieldService.Schema"));
    return;
}

builder.AddFieldServiceSilo();
builder.AddFieldServiceTelemetry();
await builder.Build().RunAsync();
