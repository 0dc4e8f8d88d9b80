using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;

namespace FieldService.WebHost.Hosting;

/// <summary>
/// Every error leaves as RFC 9457 problem details: malformed requests (unreadable JSON, wrong JSON types, bad query
/// values) as 400 naming what could not be read; an outage (silo or database unavailable) as 503 with Retry-After
/// (<see cref="OutageHandler"/>); anything unexpected as 500 without internals. Titles are in the caller's language
/// (<see cref="ProblemLanguage"/>).
/// </summary>
public static class ProblemHandling
{
    public static IServiceCollection AddFieldServiceProblems(this IServiceCollection services)
    {
        // Titles follow Accept-Language (zh-CN or en).
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemLanguage.Translate);
        services.AddExceptionHandler<BadRequestHandler>();
        services.AddExceptionHandler<OutageHandler>();
        // Binding failures throw so the handler below can say what was wrong, in every environment.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o => FieldServiceJson.Configure(o.SerializerOptions));
        return services;
    }

    private sealed class BadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
        {
            if (exception is not BadHttpRequestException bad)
            {
                return false;
            }

            var detail = bad.InnerException is JsonException json
                ? $"The request body is not valid JSON for this endpoint{(json.Path is { } path ? $" at {path}" : "")}: {FirstSentence(json.Message)}"
                : bad.Message;
            context.Response.StatusCode = bad.StatusCode;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                Exception = exception,
                ProblemDetails = { Status = bad.StatusCode, Title = "Malformed request", Detail = detail },
            });
        }

        private static string FirstSentence(string message)
        {
            var end = message.IndexOf(". ", StringComparison.Ordinal);
            return end < 0 ? message : message[..(end + 1)];
        }
    }
}
