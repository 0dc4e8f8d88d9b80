using System.Diagnostics;
using System.Net;
using FieldService.Tests.Infrastructure;
using Xunit.Abstractions;

namespace FieldService.Tests.Faults;

/// <summary>Issue 12, point 5: two web hosts, each co-hosting a silo of one durable cluster. The silo holding a set
/// of orders is SIGKILLed; through the other host every request answers 200 or 503 with Retry-After — never 500, never
/// a 30 s hang — and within seconds (the failure detection of <c>ClusterHostingOptions</c>) every order answers again.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SiloLossTests(PostgresServer server, ITestOutputHelper output)
{
    /// <summary>Detection is about 3 missed probes × 2 s; measured 5–6 s on the 2-core machine (18 s with Orleans'
    /// defaults). The bound leaves room for a loaded machine.</summary>
    private static readonly TimeSpan Recovered = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Faults_when_a_silo_is_killed_its_orders_answer_from_the_survivor_within_seconds_and_never_500()
    {
        var connectionString = await server.CreateDatabaseWithSchemaAsync();
        await using var doomed = await WebHostProcess.StartAsync(connectionString, WebHostProcess.Ports());
        await using var survivor = await WebHostProcess.StartAsync(connectionString, WebHostProcess.Ports());
        // Orders reported through a host are placed on its own silo: these live on the one that is killed.
        var viaDoomed = await new Personas(() => new HttpClient { BaseAddress = doomed.BaseAddress }).OperatorAsync();
        var viaSurvivor = await new Personas(() => new HttpClient { BaseAddress = survivor.BaseAddress, Timeout = TimeSpan.FromSeconds(60) }).OperatorAsync();
        var ids = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            ids.Add(await viaDoomed.ReportAsync(Intakes.Body("north", agreedArrival: false)));
        }

        await doomed.KillAsync();
        var clock = Stopwatch.StartNew();
        var answers = new Dictionary<HttpStatusCode, int>();
        var slowest = TimeSpan.Zero;
        var unanswered = ids.ToHashSet();
        while (unanswered.Count > 0 && clock.Elapsed < Recovered)
        {
            foreach (var id in unanswered.ToList())
            {
                var sent = clock.Elapsed;
                using var response = await viaSurvivor.Http.GetAsync($"/api/work-orders/{id}");
                slowest = TimeSpan.FromTicks(Math.Max(slowest.Ticks, (clock.Elapsed - sent).Ticks));
                answers[response.StatusCode] = answers.GetValueOrDefault(response.StatusCode) + 1;
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    unanswered.Remove(id);
                }
                else
                {
                    Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is not null,
                        $"during the silo loss a request answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
            }
        }

        var summary = $"every order answered after {clock.Elapsed.TotalSeconds:0.0} s; slowest request {slowest.TotalSeconds:0.00} s; " +
                      string.Join(", ", answers.Select(a => $"{(int)a.Key}: {a.Value}"));
        output.WriteLine(summary);
        Assert.True(unanswered.Count == 0, $"{unanswered.Count} orders of the killed silo still did not answer after {Recovered} ({summary})");
        Assert.True(slowest < TimeSpan.FromSeconds(5), $"no request may hang: {summary}");
    }
}
