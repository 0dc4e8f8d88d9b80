using System.Reflection;
using System.Text.Json.Nodes;
using FieldService.Tests.Infrastructure;

namespace FieldService.Tests.Http;

/// <summary>
/// Issue 13.6: the API description a client generates code from, or sends requests with (Scalar), is complete:
/// Redocly's recommended rules find no error in it, and it says what the server enforces.
/// </summary>
public sealed class OpenApiLintTests : IAsyncLifetime
{
    // The dashboard is on, so the test proves its routes stay out of the document.
    private readonly AppFactory factory = new(settings: new Dictionary<string, string> { ["Orleans:Dashboard"] = "true" });
    private string documentText = "";
    private JsonNode document = null!;

    public async Task InitializeAsync()
    {
        using var client = factory.CreateClient();
        documentText = await client.GetStringAsync("/openapi/v1.json");
        document = JsonNode.Parse(documentText)!;
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task P13_6_the_openapi_document_passes_redocly_lint_with_the_recommended_rules()
    {
        var folder = LinterFolder();
        var cli = Path.Combine(folder, "node_modules", "@redocly", "cli", "bin", "cli.js");
        Assert.True(File.Exists(cli),
            $"The lint test runs Redocly's CLI, which is not installed at {cli}: run 'npm ci' in {folder} (the test project's build does it "
            + "when node and npm are on the path: 'apt-get install -y nodejs npm').");
        var file = Path.Combine(Path.GetTempPath(), $"fieldservice-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, documentText);
        try
        {
            // No telemetry and no update check: the test must not depend on the network.
            var (exitCode, stdout, stderr) = await Command.RunAsync(
                folder, "node", [cli, "lint", file, "--config", Path.Combine(folder, "redocly.yaml"), "--format", "stylish"], TimeSpan.FromMinutes(2),
                "install Node.js ('apt-get install -y nodejs npm')",
                new Dictionary<string, string> { ["REDOCLY_TELEMETRY"] = "off", ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true" });
            var output = stdout + stderr;

            // Redocly exits non-zero exactly when a rule at error level fails; warnings are printed but pass.
            Assert.True(exitCode == 0, $"redocly lint found errors in /openapi/v1.json (exit code {exitCode}):\n{output}");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void P13_6_the_dashboard_routes_are_not_in_the_document()
    {
        var paths = ((JsonObject)document["paths"]!).Select(p => p.Key).ToList();

        Assert.DoesNotContain(paths, p => p.StartsWith("/dashboard", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("/api/work-orders", paths);
    }

    [Fact]
    public void P13_6_the_document_says_what_the_server_enforces()
    {
        Assert.Equal("bearer", (string?)document["components"]!["securitySchemes"]!["Bearer"]!["scheme"]);
        Assert.NotNull(document["security"]![0]!["Bearer"]);
        // Asking for a token needs none.
        Assert.Empty((JsonObject)document["paths"]!["/api/dev/tokens"]!["post"]!["security"]![0]!);

        var intake = document["paths"]!["/api/work-orders"]!["post"]!;
        Assert.True((bool?)intake["requestBody"]!["required"]);
        foreach (var status in new[] { "400", "401", "403", "409", "413", "422", "429", "503" })
        {
            Assert.True(intake["responses"]![status]?["content"]?["application/problem+json"] is not null,
                $"POST /api/work-orders documents no application/problem+json answer {status}");
        }

        var command = document["paths"]!["/api/work-orders/{id}/cancel"]!["post"]!["responses"]!;
        Assert.All(new[] { "404", "409", "412" }, status => Assert.NotNull(command[status]?["content"]?["application/problem+json"]));

        var schemas = document["components"]!["schemas"]!;
        var report = schemas["ReportFaultRequest"]!;
        Assert.Equal(["customer", "product", "fault", "priority", "region", "requiredSkill"], ((JsonArray)report["required"]!).Select(n => (string)n!));
        Assert.Equal(["emergency", "high", "normal", "low"], ((JsonArray)report["properties"]!["priority"]!["enum"]!).Select(n => (string)n!));
        Assert.Equal(["phone", "email", "chat", "web"], ((JsonArray)schemas["FaultBody"]!["properties"]!["channel"]!["enum"]!).Select(n => (string)n!));
        Assert.Equal(4000, (int?)schemas["FaultBody"]!["properties"]!["description"]!["maxLength"]);
        Assert.Equal(5, (int?)schemas["SkillBody"]!["properties"]!["level"]!["maximum"]);
        Assert.Contains("en-route", ((JsonArray)document["paths"]!["/api/work-orders"]!["get"]!["parameters"]!
            .AsArray().Single(p => (string?)p!["name"] == "status")!["schema"]!["enum"]!).Select(n => (string)n!));
    }

    private static string LinterFolder() =>
        Path.GetFullPath(typeof(OpenApiLintTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "OpenApiLintDirectory").Value!);
}
