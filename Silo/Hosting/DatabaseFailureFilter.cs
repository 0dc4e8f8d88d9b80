using Microsoft.Extensions.Logging;

namespace FieldService.Silo.Hosting;

/// <summary>
/// Translates a grain call's Npgsql failure (thrown by the records, or wrapped by Orleans' ADO.NET storage and
/// reminder providers) into a <see cref="DatabaseException"/> before it leaves the silo. Orleans has no codec for
/// Npgsql's types, so untranslated they reach the caller as a serialization error that hides the database's message.
/// </summary>
internal sealed partial class DatabaseFailureFilter(ILogger<DatabaseFailureFilter> logger) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception exception) when (Outages.ToDatabaseException(exception) is { } translated)
        {
            // The caller logs the message; the stack trace stays here, where it happened.
            if (translated.IsTransient)
            {
                LogTransient(logger, exception, context.InterfaceMethod?.Name, context.TargetId);
            }
            else
            {
                LogFailure(logger, exception, context.InterfaceMethod?.Name, context.TargetId);
            }

            throw translated;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Method} on {Grain}: the database is unavailable")]
    private static partial void LogTransient(ILogger logger, Exception exception, string? method, GrainId grain);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} on {Grain}: database error")]
    private static partial void LogFailure(ILogger logger, Exception exception, string? method, GrainId grain);
}
