using System.Net.Http.Json;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using FieldService.Tests.Infrastructure;

namespace FieldService.Tests.Faults;

/// <summary>Issue 12, point 5, on a real PostgreSQL that stops and starts again under a durable web host: requests
/// answer 503 with Retry-After at once (no 500, no hang), /health/ready says the database is down, and afterwards the
/// service answers again by itself, every order acknowledged before the outage still there.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DatabaseOutageTests(PostgresServer server)
{
    /// <summary>Far below the 30 s a call used to hang, well above a fast answer on a loaded 2-core machine.</summary>
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Faults_while_PostgreSQL_is_down_requests_answer_503_and_health_says_so_then_the_service_recovers_by_itself()
    {
        var connectionString = await server.CreateDatabaseWithSchemaAsync();
        var logs = new LogCapture();
        await using var factory = new AppFactory(connectionString, logSink: logs);
        var api = await factory.Personas.OperatorAsync();
        var anonymous = factory.CreateClient();
        var acknowledged = await api.ReportAsync();
        await api.PostAsync($"/api/work-orders/{acknowledged}/triage", new { onSite = true });
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/ready")).StatusCode);

        await server.StopAsync();
        try
        {
            var clock = Stopwatch.StartNew();
            using var report = await api.Http.PostAsJsonAsync("/api/work-orders", Intakes.Body("north"), FieldServiceJson.Options);
            var reportTook = clock.Elapsed;
            using var ready = await anonymous.GetAsync("/health/ready");

            Assert.True(report.StatusCode == HttpStatusCode.ServiceUnavailable,
                $"a report while PostgreSQL is down should answer 503, got {(int)report.StatusCode}: {await report.Content.ReadAsStringAsync()}");
            Assert.True(reportTook < Prompt, $"the 503 should come at once, it took {reportTook}");
            Assert.Equal(TimeSpan.FromSeconds(5), report.Headers.RetryAfter?.Delta);
            Assert.Equal("application/problem+json", report.Content.Headers.ContentType?.MediaType);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Contains("Unhealthy", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await server.StartAsync();
        }

        // Recovery without a manual step: the first requests after the restart answer again.
        using var readyAgain = await anonymous.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, readyAgain.StatusCode);
        var order = await api.GetAsync($"/api/work-orders/{acknowledged}");
        Assert.Equal("triaged", (string?)order["status"]);
        var reported = await api.ReportAsync();
        await api.PostAsync($"/api/work-orders/{acknowledged}/cancel", new { reason = "customer withdrew" });
        Assert.Equal("reported", (string?)(await api.GetAsync($"/api/work-orders/{reported}"))["status"]);
        Assert.DoesNotContain(logs.Lines, l => l.StartsWith("Error Microsoft.AspNetCore", StringComparison.Ordinal));
    }
}
