using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Orleans.Runtime;

namespace FieldService.Silo.Hosting;

/// <summary><c>/health/live</c>: the process answers. <c>/health/ready</c>: the cluster has an active silo and,
/// in durable mode, PostgreSQL answers. The web host and the headless silo (in a container, docs/deploy.md) serve the
/// same two, so an orchestrator probes both kinds of process alike.</summary>
public static class HealthChecks
{
    private const string Ready = "ready";

    public static IServiceCollection AddFieldServiceHealthChecks(this IServiceCollection services, bool durable)
    {
        var checks = services.AddHealthChecks().AddCheck<ClusterHealthCheck>("orleans", tags: [Ready]);
        if (durable)
        {
            checks.AddCheck<PostgresHealthCheck>("postgresql", tags: [Ready]);
        }

        return services;
    }

    public static RouteGroupBuilder MapFieldServiceHealth(this IEndpointRouteBuilder app)
    {
        var health = app.MapGroup("/health");
        health.MapHealthChecks("/live", new() { Predicate = _ => false });
        health.MapHealthChecks("/ready", new() { Predicate = c => c.Tags.Contains(Ready) });
        return health;
    }

    private sealed class ClusterHealthCheck(IClusterClient client) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var hosts = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
                return hosts.Count > 0
                    ? HealthCheckResult.Healthy($"{hosts.Count} active silo(s)")
                    : HealthCheckResult.Unhealthy("no active silo");
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return HealthCheckResult.Unhealthy("the Orleans cluster does not answer", exception);
            }
        }
    }

    private sealed class PostgresHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
    {
        /// <summary>A readiness probe must answer before the orchestrator's own timeout; an exhausted pool would
        /// otherwise hold it for Npgsql's 15 s connection timeout.</summary>
        private static readonly TimeSpan Within = TimeSpan.FromSeconds(3);

        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(Within);
            try
            {
                await using var command = dataSource.CreateCommand("SELECT 1");
                await command.ExecuteScalarAsync(deadline.Token);
                return HealthCheckResult.Healthy();
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return HealthCheckResult.Unhealthy($"PostgreSQL did not answer within {Within.TotalSeconds:0} s");
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                return HealthCheckResult.Unhealthy($"PostgreSQL does not answer: {exception.Message}", exception);
            }
        }
    }
}
