namespace FieldService;

/// <summary>
/// A PostgreSQL failure as it crosses silos and reaches the web host. Npgsql's own exceptions have no Orleans codec,
/// so a grain's database error used to arrive as "Could not find a codec for type Npgsql.PostgresException"; the
/// silo translates them into this type at the grain boundary, keeping what the caller needs: the message, the
/// SQL state and whether retrying later can succeed.
/// </summary>
[GenerateSerializer, Alias("fs.DatabaseException")]
public sealed class DatabaseException : Exception
{
    public DatabaseException()
    {
    }

    public DatabaseException(string message, string? sqlState, bool isTransient)
        : base(message) => (SqlState, IsTransient) = (sqlState, isTransient);

    /// <summary>PostgreSQL's SQLSTATE (e.g. 57P01 admin shutdown, 53300 too many connections), or null when the
    /// server never answered (refused or broken connection, pool timeout).</summary>
    [Id(0)]
    public string? SqlState { get; init; }

    /// <summary>True when the database is unavailable for now (down, restarting, out of connections) and the same
    /// request can succeed later; false for an error that a retry repeats.</summary>
    [Id(1)]
    public bool IsTransient { get; init; }
}
