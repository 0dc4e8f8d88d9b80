using FieldService.Silo.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using FieldService.Testing;

namespace FieldService.Tests.Infrastructure;

/// <summary>The test run's PostgreSQL: one <see cref="ThrowawayPostgres"/> shared by the tests that need it.</summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly ThrowawayPostgres server = new();

    public string AdminConnectionString => server.AdminConnectionString;

    public Task InitializeAsync() => server.StartAsync();

    /// <summary>A new, empty database on the server; returns its connection string.</summary>
    public Task<string> CreateDatabaseAsync() => server.CreateDatabaseAsync();

    /// <summary>A new database with deploy/sql applied; returns its connection string.</summary>
    public async Task<string> CreateDatabaseWithSchemaAsync()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await SchemaInstaller.ApplyAsync(dataSource, NullLogger.Instance);
        return connectionString;
    }

    /// <summary>Stops the shared server (a database outage); the caller must start it again, in a finally.</summary>
    public Task StopAsync() => server.StopServerAsync();

    public Task StartAsync() => server.StartServerAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();
}

/// <summary>Tests that need PostgreSQL share one server and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}
