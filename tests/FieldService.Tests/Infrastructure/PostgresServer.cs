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

    public async Task DisposeAsync() => await server.DisposeAsync();
}

/// <summary>Tests that need PostgreSQL share one server and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}
