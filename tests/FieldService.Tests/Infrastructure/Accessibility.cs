using System.Reflection;
using System.Text.Json;
using Microsoft.Playwright;

namespace FieldService.Tests.Infrastructure;

/// <summary>
/// Deque's axe-core (npm, tests/axe) run inside a page: issue 14.8 and 15.7 ask for no critical or serious violation on
/// any workspace. The script is injected from the installed package, never fetched from the network.
/// </summary>
public static class Accessibility
{
    private static readonly Lazy<string> Script = new(() =>
    {
        var folder = Path.GetFullPath(typeof(Accessibility).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "AxeDirectory").Value!);
        var path = Path.Combine(folder, "node_modules", "axe-core", "axe.min.js");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"The accessibility checks inject axe-core, which is not installed in {folder}: run 'npm ci' there (the test project's build does it when npm is on the path).");
        }

        return File.ReadAllText(path);
    });

    /// <summary>Runs axe on the page as it stands and fails listing every critical or serious violation (rule,
    /// impact, help, and the elements it found), so the message says what to fix.</summary>
    public static async Task AssertNoSeriousViolationsAsync(IPage page, string what)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            await page.AddScriptTagAsync(new PageAddScriptTagOptions { Content = Script.Value });
        }

        var json = await page.EvaluateAsync<string>(
            """
            async () => {
              const result = await window.axe.run(document, { resultTypes: ['violations'] });
              return JSON.stringify(result.violations
                .filter(v => v.impact === 'critical' || v.impact === 'serious')
                .map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ')) })));
            }
            """);
        using var violations = JsonDocument.Parse(json);
        var found = violations.RootElement.EnumerateArray()
            .Select(v => $"{v.GetProperty("impact").GetString()} {v.GetProperty("id").GetString()}: {v.GetProperty("help").GetString()} at "
                + string.Join(", ", v.GetProperty("nodes").EnumerateArray().Select(n => n.GetString())))
            .ToList();
        Assert.True(found.Count == 0,
            $"axe-core found {found.Count} critical or serious accessibility violation(s) on {what}:\n" + string.Join("\n", found));
    }
}
