using Microsoft.Extensions.Logging;
using Npgsql;

namespace FieldService.Silo.Hosting;

/// <summary>
/// Applies deploy/sql (embedded in this assembly) in file-name order. Every script is idempotent, and an advisory
/// lock keeps two processes that start together from applying it at the same time.
/// </summary>
public static class SchemaInstaller
{
    private const long LockKey = 0x46_53_53_43_48_45_4D_41; // "FSSCHEMA"

    /// <summary>The embedded scripts, in the order they are applied.</summary>
    public static IReadOnlyList<string> Scripts { get; } = typeof(SchemaInstaller).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith("sql/", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .ToArray();

    public static async Task ApplyAsync(NpgsqlDataSource dataSource, ILogger logger, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_lock({LockKey})", connection))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            foreach (var script in Scripts)
            {
                await using var stream = typeof(SchemaInstaller).Assembly.GetManifestResourceStream(script)!;
                using var reader = new StreamReader(stream);
                await using var command = new NpgsqlCommand(await reader.ReadToEndAsync(cancellationToken), connection);
                await command.ExecuteNonQueryAsync(cancellationToken);
                logger.LogInformation("Applied schema script {Script}", script);
            }
        }
        finally
        {
            await using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({LockKey})", connection);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}
