using System.Globalization;
using FieldService.Silo.Hosting;
using FieldService.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace FieldService.Bench;

/// <summary>What the benchmark programs share: their arguments, percentiles, a database and a co-hosted silo.</summary>
public static class BenchSupport
{
    public static int Arg(string[] args, string name, int fallback) =>
        ArgText(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public static string? ArgText(string[] args, string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

    /// <summary>The value at <paramref name="p"/> (0..1) of values sorted ascending.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    /// <summary>The database to run on: <paramref name="connection"/> if given, else a throwaway server's (the caller
    /// disposes it); the schema is applied either way.</summary>
    public static async Task<(ThrowawayPostgres? Server, string Connection)> DatabaseAsync(string? connection, bool fsync)
    {
        var server = connection is null ? new ThrowawayPostgres(durable: fsync) : null;
        if (server is not null)
        {
            await server.StartAsync();
            connection = await server.CreateDatabaseAsync();
        }

        await using var schema = NpgsqlDataSource.Create(connection!);
        await SchemaInstaller.ApplyAsync(schema, NullLogger.Instance);
        return (server, connection!);
    }

    /// <summary>A started host co-hosting one silo on free ports: durable on <paramref name="connection"/>, embedded without.</summary>
    public static async Task<IHost> StartSiloAsync(string? connection, string clusterId, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder([]);
        builder.Logging.ClearProviders().AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:FieldService"] = connection ?? "",
            ["Orleans:ClusterId"] = clusterId,
            ["Orleans:SiloPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Orleans:Dashboard"] = "false",
        });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.AddFieldServiceSilo();
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
