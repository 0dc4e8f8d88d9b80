using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Npgsql;
using Orleans.Networking.Shared;
using Orleans.Runtime.MembershipService;
using Orleans.Runtime.Messaging;

namespace FieldService.Silo.Hosting;

/// <summary>
/// Which failures mean "unavailable for now" — a silo that is gone or unreachable, a grain call that timed out,
/// PostgreSQL down, restarting or out of connections — as opposed to a defect. The web host answers the first kind
/// with 503 and Retry-After; the silo uses the same rules when it translates Npgsql's exceptions for the wire.
/// </summary>
public static class Outages
{
    /// <summary>SQLSTATEs of a server that cannot serve now: class 08 (connection exception), 57P01 admin shutdown,
    /// 57P02 crash shutdown, 57P03 cannot connect now (starting up or shutting down), 53300 too many connections.</summary>
    public static bool IsUnavailableSqlState(string? sqlState) =>
        sqlState is not null && (sqlState.StartsWith("08", StringComparison.Ordinal) || sqlState is "57P01" or "57P02" or "57P03" or "53300");

    /// <summary>True when the exception, or one it wraps (storage providers and Orleans wrap what they caught),
    /// says that a silo, the cluster or the database is unavailable for now.</summary>
    public static bool IsUnavailable(Exception exception) => Chain(exception).Any(e => e switch
    {
        DatabaseException database => database.IsTransient,
        PostgresException postgres => postgres.IsTransient || IsUnavailableSqlState(postgres.SqlState),
        NpgsqlException npgsql => npgsql.IsTransient,
        OrleansMessageRejectionException // SiloUnavailableException is one of these
            or ConnectionFailedException
            or SocketConnectionException
            or ConnectionAbortedException
            or GatewayTooBusyException
            or ClientNotAvailableException
            or OrleansClusterConnectivityCheckFailedException
            or TimeoutException
            or SocketException => true,
        _ => false,
    });

    /// <summary>Every message along the chain, outermost first, for a log line that says what actually failed
    /// (a storage provider's "error during WriteStateAsync" alone does not).</summary>
    public static string Describe(Exception exception) =>
        string.Join(" → ", Chain(exception).Select(e => e.Message).Where(m => m.Length > 0).Distinct(StringComparer.Ordinal));

    /// <summary>A serializable <see cref="DatabaseException"/> for an exception that is or wraps an Npgsql one;
    /// null for anything else (already serializable, or not a database error).</summary>
    public static DatabaseException? ToDatabaseException(Exception exception)
    {
        if (Chain(exception).OfType<DatabaseException>().Any() || Chain(exception).OfType<NpgsqlException>().FirstOrDefault() is not { } npgsql)
        {
            return null;
        }

        var sqlState = (npgsql as PostgresException)?.SqlState;
        return new DatabaseException(Describe(exception), sqlState, npgsql.IsTransient || IsUnavailableSqlState(sqlState));
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        // Breadth-first over inner exceptions, bounded: an exception graph is a tree in practice, but never trusted.
        var pending = new Queue<Exception>([exception]);
        for (var seen = 0; pending.Count > 0 && seen < 32; seen++)
        {
            var current = pending.Dequeue();
            yield return current;
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    pending.Enqueue(inner);
                }
            }
            else if (current.InnerException is { } inner)
            {
                pending.Enqueue(inner);
            }
        }
    }
}
