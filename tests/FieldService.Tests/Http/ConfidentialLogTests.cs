using FieldService.Tests.Infrastructure;

namespace FieldService.Tests.Http;

/// <summary>H3: customer contact data never reaches a log line, at any level, during a whole repair.</summary>
public sealed class ConfidentialLogTests
{
    [Fact]
    public async Task H3_a_full_P1_to_P9_walk_logs_no_customer_phone_email_or_address()
    {
        var logs = new LogCapture();
        await using (var factory = new AppFactory(logSink: logs))
        {
            await WorkOrderWalkTests.WalkP1ToP9Async(factory.Personas, "t-logs");
        }

        var text = string.Join('\n', logs.Lines);
        Assert.True(logs.Lines.Count > 100, $"expected the walk to be logged in detail, got {logs.Lines.Count} lines");
        Assert.Contains("/api/work-orders", text, StringComparison.Ordinal);
        foreach (var secret in new[] { "5555 0101", "55550101", "facilities@harbour.example", "18 Riverside Road", "Riverside" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
        }
    }
}
