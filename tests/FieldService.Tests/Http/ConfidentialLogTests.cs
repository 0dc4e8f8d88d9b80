using FieldService.Tests.Infrastructure;

namespace FieldService.Tests.Http;

/// <summary>H3: customer contact data never reaches a log line, at any level, during a whole repair.</summary>
public sealed class ConfidentialLogTests
{
    private static readonly string[] Secrets = ["5555 0101", "55550101", "facilities@harbour.example", "18 Riverside Road", "Riverside"];

    /// <summary>Issue 16: the same walk with its notices delivered — by SMS to a real HTTP gateway that refuses each
    /// message's first try, so the failure path logs too — still logs no contact data; the number reached the gateway.</summary>
    [Fact]
    public async Task H3_Issue16_a_walk_whose_notices_go_out_by_SMS_and_are_retried_logs_no_contact_data()
    {
        var logs = new LogCapture();
        const string secret = "a-log-test-secret-of-at-least-thirty-two-bytes";
        await using var gateway = new SmsGatewayStub(secret) { RefuseFirstTry = true };
        await gateway.StartAsync();
        var settings = new Dictionary<string, string>
        {
            ["Notifications:Sms:Url"] = gateway.Url.ToString(),
            ["Notifications:Sms:Secret"] = secret,
        };
        await using (var factory = new AppFactory(logSink: logs, settings: settings))
        {
            var id = await WorkOrderWalkTests.WalkP1ToP9Async(factory.Personas, "t-logs-sms");
            // Every first try was refused: the retries are due after the first backoff, on the host's fake clock.
            await factory.AdvanceAsync(FieldService.Grains.Notifications.NotificationOptions.DefaultRetryFirst + TimeSpan.FromSeconds(1));
            await gateway.WaitAsync(a => a.Count(j => (string?)j["workOrderId"] == id) >= 4, $"the walk's notices of {id} by SMS");
        }

        var text = string.Join('\n', logs.Lines);
        Assert.Contains("failed (HttpRequestException)", text, StringComparison.Ordinal);
        Assert.Contains(gateway.Accepted, j => ((string?)j["to"])!.Contains("5555 0101", StringComparison.Ordinal));
        foreach (var secretText in Secrets)
        {
            Assert.DoesNotContain(secretText, text, StringComparison.OrdinalIgnoreCase);
        }
    }

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
        foreach (var secret in Secrets)
        {
            Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
        }
    }
}
