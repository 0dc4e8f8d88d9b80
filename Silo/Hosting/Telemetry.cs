using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace FieldService.Silo.Hosting;

/// <summary>Traces and metrics of Orleans and Npgsql (the web host adds ASP.NET Core's), exported over OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is configured; structured logs with scopes.</summary>
public static class Telemetry
{
    public const string ServiceName = "fieldservice";

    public static OpenTelemetryBuilder AddFieldServiceTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Logging.AddJsonConsoleWhenConfigured(builder.Configuration);
        builder.Logging.AddOpenTelemetry(o => (o.IncludeScopes, o.IncludeFormattedMessage) = (true, true));
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName))
            .WithTracing(t => t.AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application").AddNpgsql())
            .WithMetrics(m => m.AddMeter("Microsoft.Orleans").AddNpgsqlInstrumentation());
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.UseOtlpExporter();
        }

        return otel;
    }

    /// <summary><c>Logging:Json=true</c> switches the console to one JSON object per line, for log shippers.</summary>
    private static void AddJsonConsoleWhenConfigured(this ILoggingBuilder logging, IConfiguration configuration)
    {
        if (configuration.GetValue<bool>("Logging:Json"))
        {
            logging.ClearProviders();
            logging.AddJsonConsole(o => o.IncludeScopes = true);
        }
    }
}
