using Microsoft.Extensions.Options;

namespace FieldService.Silo.Hosting;

/// <summary>
/// How many PostgreSQL connections one process may hold (section <c>Database</c>). Each process has two pools: the
/// records' <c>NpgsqlDataSource</c> (audit trail, indexes) and the pool Orleans' ADO.NET providers share (grain
/// storage, reminders, clustering: one connection string, so one Npgsql pool). Npgsql's default of 100 each let two
/// silos ask for 400 connections from a server that allows 100. Size them so that
/// N processes × (<see cref="OrleansPoolSize"/> + <see cref="RecordsPoolSize"/>) ≤ max_connections −
/// superuser_reserved_connections − what operators and migrations keep (docs/operations.md). A pool that is
/// exhausted makes the next caller wait for a connection (up to Npgsql's <c>Timeout</c>, 15 s) instead of failing.
/// <c>Maximum Pool Size</c> written in the connection string wins over both.
/// </summary>
public sealed class DatabasePoolOptions
{
    public const string SectionName = "Database";

    /// <summary>On 2 cores PostgreSQL is CPU-bound long before 10 connections; more only queue inside the server.</summary>
    public const int DefaultOrleansPoolSize = 10;

    /// <summary>The records write in group commits (one connection carries many entries) and read in pages.</summary>
    public const int DefaultRecordsPoolSize = 10;

    /// <summary>Connections Orleans' storage, reminder and clustering providers share in this process.</summary>
    public int OrleansPoolSize { get; set; } = DefaultOrleansPoolSize;

    /// <summary>Connections of the records' data source in this process.</summary>
    public int RecordsPoolSize { get; set; } = DefaultRecordsPoolSize;
}

/// <summary>Fails start-up with a message that names the setting.</summary>
public sealed class DatabasePoolOptionsValidator : IValidateOptions<DatabasePoolOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabasePoolOptions options)
    {
        var failures = new List<string>();
        if (options.OrleansPoolSize is < 1 or > 1000)
        {
            failures.Add($"Database:OrleansPoolSize {options.OrleansPoolSize} must be between 1 and 1000.");
        }

        if (options.RecordsPoolSize is < 1 or > 1000)
        {
            failures.Add($"Database:RecordsPoolSize {options.RecordsPoolSize} must be between 1 and 1000.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
