using FieldService.Silo.Hosting;
using Microsoft.AspNetCore.Diagnostics;

namespace FieldService.WebHost.Hosting;

/// <summary>
/// A request that fails because a silo, the cluster or PostgreSQL is unavailable for now answers 503 with
/// Retry-After and RFC 9457 problem details (never 500), and is logged at Warning with what failed. Which failures
/// count is decided by <see cref="Outages"/>, the same rules the silo uses.
/// </summary>
public sealed partial class OutageHandler(IProblemDetailsService problems, ILogger<OutageHandler> logger) : IExceptionHandler
{
    /// <summary>About one failure-detection period: by then a dead silo is declared dead and its grains answer from
    /// another silo, or the database's restart is over.</summary>
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!Outages.IsUnavailable(exception))
        {
            return false;
        }

        LogUnavailable(logger, context.Request.Method, context.Request.Path, Outages.Describe(exception));
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Temporarily unavailable",
                Detail = $"Part of the service (a silo or the database) is unavailable for a moment. Retry after {RetryAfterSeconds} seconds.",
                Extensions = { ["retryAfterSeconds"] = RetryAfterSeconds },
            },
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered 503, unavailable: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string method, string path, string reason);
}
