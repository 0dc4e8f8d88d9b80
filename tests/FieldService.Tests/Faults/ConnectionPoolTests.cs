using FieldService.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using FieldService.Tests.Infrastructure;
using Npgsql;

namespace FieldService.Tests.Faults;

/// <summary>Issue 12, point 6 (connections): each process holds at most two bounded pools — Orleans' providers and
/// the records — so N processes stay under PostgreSQL's max_connections; what the operator wrote wins.</summary>
public sealed class ConnectionPoolTests
{
    private const string Server = "Host=127.0.0.1;Port=5432;Username=postgres;Database=fieldservice";

    private static IConfiguration Configuration(string? connectionString, params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(
            settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))
                .Append(KeyValuePair.Create("ConnectionStrings:FieldService", connectionString))).Build();

    private static NpgsqlConnectionStringBuilder Orleans(IConfiguration c) => new(FieldServiceHosting.ConnectionString(c));

    private static NpgsqlConnectionStringBuilder Records(IConfiguration c) => new(FieldServiceHosting.RecordsConnectionString(c));

    [Fact]
    public void Faults_by_default_each_of_the_two_pools_of_a_process_is_bounded_and_named()
    {
        var configuration = Configuration(Server);

        Assert.Equal((DatabasePoolOptions.DefaultOrleansPoolSize, "fieldservice-orleans"), (Orleans(configuration).MaxPoolSize, Orleans(configuration).ApplicationName));
        Assert.Equal((DatabasePoolOptions.DefaultRecordsPoolSize, "fieldservice-records"), (Records(configuration).MaxPoolSize, Records(configuration).ApplicationName));
        Assert.Equal(10, DatabasePoolOptions.DefaultOrleansPoolSize);
        Assert.Equal(10, DatabasePoolOptions.DefaultRecordsPoolSize);
        Assert.Equal((64, true), (Orleans(configuration).MaxAutoPrepare, Orleans(configuration).NoResetOnClose)); // the earlier tuning stays
    }

    [Fact]
    public void Faults_the_pool_sizes_are_set_in_the_Database_section()
    {
        var configuration = Configuration(Server, ("Database:OrleansPoolSize", "7"), ("Database:RecordsPoolSize", "4"));

        Assert.Equal((7, 4), (Orleans(configuration).MaxPoolSize, Records(configuration).MaxPoolSize));
    }

    [Theory]
    [InlineData("Maximum Pool Size=33")]
    [InlineData("maxpoolsize=33")]
    public void Faults_a_pool_size_the_operator_wrote_wins_for_both_pools(string written)
    {
        var configuration = Configuration($"{Server};{written};Application Name=ops", ("Database:OrleansPoolSize", "7"));

        Assert.Equal((33, "ops"), (Orleans(configuration).MaxPoolSize, Orleans(configuration).ApplicationName));
        Assert.Equal((33, "ops"), (Records(configuration).MaxPoolSize, Records(configuration).ApplicationName));
    }

    [Fact]
    public void Faults_a_minimum_pool_size_above_the_bound_is_lowered_to_it()
    {
        var configuration = Configuration($"{Server};Minimum Pool Size=50");

        Assert.Equal((10, 10), (Orleans(configuration).MinPoolSize, Orleans(configuration).MaxPoolSize));
    }

    [Theory]
    [InlineData("Database:OrleansPoolSize", "0")]
    [InlineData("Database:RecordsPoolSize", "1001")]
    public void Faults_a_pool_size_out_of_range_stops_the_start_naming_the_setting(string key, string value)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => FieldServiceHosting.ConnectionString(Configuration(Server, (key, value))));

        Assert.Contains(key, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Faults_the_embedded_mode_has_no_connection_string()
    {
        Assert.Null(FieldServiceHosting.ConnectionString(Configuration(null)));
        Assert.Null(FieldServiceHosting.RecordsConnectionString(Configuration("")));
    }
}

/// <summary>The bound holds under load: a burst of concurrent writes through one durable web host opens no more
/// connections than its two pools allow.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ConnectionBoundTests(PostgresServer server)
{
    [Fact]
    public async Task Faults_a_burst_of_concurrent_reports_holds_no_more_connections_than_the_two_pools_allow()
    {
        var connectionString = await server.CreateDatabaseWithSchemaAsync();
        await using var factory = new AppFactory(connectionString, settings: new Dictionary<string, string> { ["RateLimits:IntakePerMinute"] = "10000" });
        var api = await factory.Personas.OperatorAsync();

        await Task.WhenAll(Enumerable.Range(0, 300).Select(_ => api.ReportAsync(Intakes.Body("north", agreedArrival: false))));

        // Pools keep their idle connections for minutes, so what is open now is what the burst opened.
        await using var admin = new NpgsqlConnection(server.AdminConnectionString);
        await admin.OpenAsync();
        await using var count = new NpgsqlCommand(
            "SELECT coalesce(application_name, ''), count(*) FROM pg_stat_activity WHERE datname = @db GROUP BY 1", admin);
        count.Parameters.AddWithValue("db", new NpgsqlConnectionStringBuilder(connectionString).Database!);
        var open = new Dictionary<string, long>();
        await using (var reader = await count.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                open[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        var total = open.Values.Sum();
        var bound = DatabasePoolOptions.DefaultOrleansPoolSize + DatabasePoolOptions.DefaultRecordsPoolSize;
        Assert.True(total <= bound, $"one process may hold {bound} connections, it held {total}: {string.Join(", ", open.Select(o => $"{o.Key}={o.Value}"))}");
        Assert.True(open.GetValueOrDefault("fieldservice-orleans") <= DatabasePoolOptions.DefaultOrleansPoolSize);
        Assert.True(open.GetValueOrDefault("fieldservice-records") <= DatabasePoolOptions.DefaultRecordsPoolSize);
    }
}
