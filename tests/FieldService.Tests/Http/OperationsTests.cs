using System.Net;
using System.Text.Json.Nodes;
using FieldService.Tests.Infrastructure;
using FieldService.WebHost.Demo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

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

    [Fact]
    public async Task Issue12_8_the_demo_simulator_drives_only_its_own_demo_technicians()
    {
        var api = await factory.Personas.OperatorAsync();
        await api.PutAsync("/api/technicians/t-1", Intakes.Technician(), HttpStatusCode.Created);
        var id = await api.ReportAsync();
        await api.PostAsync($"/api/work-orders/{id}/triage", new { onSite = true });
        await api.PostAsync($"/api/work-orders/{id}/dispatch", new { technicianId = "t-1" });
        var demoBefore = (await api.GetAsync("/api/technicians/t-100"))["location"]?.ToJsonString();
        var mineBefore = (await api.GetAsync("/api/technicians/t-1"))["location"]?.ToJsonString();
        var simulator = new DemoSimulator(factory.Services.GetRequiredService<IGrainFactory>(), NullLogger<DemoSimulator>.Instance);

        // Each step takes an order on with a chance of 0.4: thirty steps leave a real technician's offer untouched
        // only if the simulator keeps away from it (by chance: 0.6^30, about 2e-7).
        for (var i = 0; i < 30; i++)
        {
            await simulator.MoveAndWorkAsync();
        }

        var mine = await api.GetAsync("/api/technicians/t-1");
        Assert.Equal("dispatched", (string?)(await api.GetAsync($"/api/work-orders/{id}"))["status"]);
        Assert.Equal(mineBefore, mine["location"]?.ToJsonString());
        Assert.NotEqual(demoBefore, (await api.GetAsync("/api/technicians/t-100"))["location"]?.ToJsonString());
    }
}
