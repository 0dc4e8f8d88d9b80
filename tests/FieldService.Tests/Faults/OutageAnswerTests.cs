using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using FieldService.Tests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Runtime.Messaging;

namespace FieldService.Tests.Faults;

/// <summary>Issue 12, point 5: a request that meets an unavailable silo or database answers 503 with Retry-After and
/// RFC 9457 problem details, never 500, and the log says at Warning what failed.</summary>
public sealed class OutageAnswerTests(OutageAnswerTests.Host host) : IClassFixture<OutageAnswerTests.Host>
{
    private readonly GrainCallFaults faults = host.Faults;
    private readonly LogCapture logs = host.Logs;
    private readonly ApiClient api = host.Api;

    public static TheoryData<string, Func<Exception>, string> Unavailable => new()
    {
        { "silo gone", () => new SiloUnavailableException("The target silo became unavailable for message"), "target silo became unavailable" },
        { "grain call timed out", () => new TimeoutException("Response did not arrive on time in 00:00:10"), "did not arrive on time" },
        { "connection to silo failed", () => new ConnectionFailedException("Unable to connect to endpoint S127.0.0.1:11111"), "Unable to connect to endpoint" },
        { "gateway too busy", () => new GatewayTooBusyException(), "Gateway" },
        { "postgres shut down", () => new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01"), "administrator command" },
        { "postgres starting", () => new PostgresException("the database system is starting up", "FATAL", "FATAL", "57P03"), "starting up" },
        { "postgres full", () => new PostgresException("sorry, too many clients already", "FATAL", "FATAL", "53300"), "too many clients" },
        { "postgres link lost", () => new PostgresException("connection failure", "FATAL", "FATAL", "08006"), "connection failure" },
        { "postgres refused", () => new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused)), "Failed to connect" },
        {
            "storage provider wrapping postgres",
            () => new OrleansException("Error from storage provider AdoNetGrainStorage.records during WriteStateAsync",
                new PostgresException("the database system is shutting down", "FATAL", "FATAL", "57P03")),
            "shutting down"
        },
    };


    [Theory]
    [MemberData(nameof(Unavailable))]
    public async Task Faults_a_request_that_meets_an_outage_answers_503_with_Retry_After(string outage, Func<Exception> exception, string logged)
    {
        var id = await api.ReportAsync();
        faults.Fail(id, exception);

        using var response = await api.Http.GetAsync($"/api/work-orders/{id}");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        faults.Heal(id);

        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{outage}: expected 503, got {(int)response.StatusCode}: {body}");
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(503, (int)body["status"]!);
        Assert.Contains(logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains($"/api/work-orders/{id} answered 503", StringComparison.Ordinal)
                                         && l.Contains(logged, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains(id, StringComparison.Ordinal));
        await api.GetAsync($"/api/work-orders/{id}"); // and once the outage is over, the same request answers
    }

    /// <summary>One embedded web host for every case, with the fault filter in its silo.</summary>
    public sealed class Host : IAsyncLifetime
    {
        private AppFactory factory = null!;

        public GrainCallFaults Faults { get; } = new();

        public LogCapture Logs { get; } = new();

        public ApiClient Api { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            factory = new AppFactory(logSink: Logs);
            var faulty = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IIncomingGrainCallFilter>(Faults)));
            Api = await new Personas(faulty.CreateClient).OperatorAsync();
        }

        public async Task DisposeAsync() => await factory.DisposeAsync();
    }
}
