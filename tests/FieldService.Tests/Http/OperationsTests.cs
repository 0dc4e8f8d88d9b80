using System.Net;
using System.Text.Json.Nodes;
using FieldService.Tests.Infrastructure;

namespace FieldService.Tests.Http;

/// <summary>What an operator and a newcomer rely on: health, the API description, the dashboard, demo data.</summary>
public sealed class OperationsTests : IAsyncLifetime
{
    private readonly AppFactory factory = new(settings: new Dictionary<string, string> { ["Orleans:Dashboard"] = "true", ["Demo:Seed"] = "true" });
    private HttpClient client = null!;

    public Task InitializeAsync()
    {
        client = factory.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/scalar/v1")]
    [InlineData("/dashboard/")]
    public async Task The_operational_endpoints_answer(string path)
    {
        using var response = await client.GetAsync(path);

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode}");
    }

    [Fact]
    public async Task The_openapi_document_describes_every_work_order_command()
    {
        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;
        var paths = ((JsonObject)document["paths"]!).Select(p => p.Key).ToHashSet();

        foreach (var command in new[] { "triage", "dispatch", "accept", "decline", "en-route", "delay", "arrive", "diagnosis", "start-repair",
                     "progress", "await-parts", "complete", "inspection", "claims", "claim-decision", "support-requests", "support-answer", "acceptance",
                     "cleanup", "callback", "cancel" })
        {
            Assert.Contains($"/api/work-orders/{{id}}/{command}", paths);
        }

        Assert.Contains("/api/audit", paths);
        Assert.Contains("/api/technicians/{id}/location", paths);
    }

    [Fact]
    public async Task The_embedded_default_seeds_demo_technicians_and_faults()
    {
        var api = await factory.Personas.OperatorAsync();

        var north = (JsonArray)(await api.GetAsync("/api/technicians?region=north"))["items"]!;
        var orders = await api.GetAsync("/api/work-orders?status=reported");

        Assert.Equal(["t-100", "t-101", "t-102"], north.Select(t => (string)t!["id"]!));
        Assert.True((int)orders["total"]! >= 3, "expected the three demo faults");
    }
}
