using System.Net;
using System.Text;
using FieldService.Tests.Infrastructure;

namespace FieldService.Tests.Http;

/// <summary>Intake is rate-limited per client; oversized bodies and over-long values are refused.</summary>
public sealed class AbuseLimitTests : IAsyncLifetime
{
    private readonly AppFactory factory = new(settings: new Dictionary<string, string> { ["RateLimits:IntakePerMinute"] = "3" });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task Intake_beyond_the_limit_is_429_with_retry_after_and_other_clients_are_unaffected()
    {
        var noisy = await factory.Personas.CustomerAsync("c-noisy");
        var quiet = await factory.Personas.CustomerAsync("c-quiet");
        for (var i = 0; i < 3; i++)
        {
            await noisy.ReportAsync();
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/work-orders")
        {
            Content = new StringContent(Intakes.Body().ToJsonString(), Encoding.UTF8, "application/json"),
        };
        using var refused = await noisy.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "expected a Retry-After header with a delay");
        await quiet.ReportAsync();
        Assert.Equal(3, (int)(await noisy.GetAsync("/api/work-orders"))["total"]!);
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_413_and_changes_nothing()
    {
        var agent = await factory.Personas.AgentAsync();
        var body = Intakes.Body();
        body["requirements"] = new string('x', 2 * 1024 * 1024);

        var problem = await agent.PostAsync("/api/work-orders", body, HttpStatusCode.RequestEntityTooLarge);

        Assert.Equal(413, (int)problem["status"]!);
        Assert.Equal(0, (int)(await agent.GetAsync("/api/work-orders"))["total"]!);
    }

    [Fact]
    public async Task Over_long_values_are_422_naming_the_field()
    {
        var agent = await factory.Personas.AgentAsync();
        var body = Intakes.Body();
        body["customer"]!["name"] = new string('n', 201);
        body["fault"]!["description"] = new string('d', 4001);

        var problem = await agent.PostAsync("/api/work-orders", body, HttpStatusCode.UnprocessableEntity);

        Assert.Equal(["customer.name", "fault.description"], problem["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));
    }
}
