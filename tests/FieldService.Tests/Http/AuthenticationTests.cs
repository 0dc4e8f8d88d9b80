using System.Net;
using System.Net.Http.Headers;
using FieldService.Tests.Infrastructure;
using FieldService.WebHost.Security;
using System.Net.Http.Json;

namespace FieldService.Tests.Http;

/// <summary>Who is calling: tokens that are expired, unsigned or signed with another key are turned away (401).</summary>
public sealed class AuthenticationTests : IAsyncLifetime
{
    private readonly AppFactory factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await factory.DisposeAsync();

    private async Task<HttpStatusCode> ListWithAsync(string? token)
    {
        using var client = factory.CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await client.GetAsync("/api/work-orders");
        return response.StatusCode;
    }

    [Fact]
    public async Task A_valid_token_is_accepted()
    {
        Assert.Equal(HttpStatusCode.OK, await ListWithAsync(Tokens.Mint("a1", Roles.Agent, factory.Time.GetUtcNow())));
    }

    [Fact]
    public async Task No_token_is_401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, await ListWithAsync(null));
    }

    [Fact]
    public async Task An_expired_token_is_401()
    {
        var token = Tokens.Mint("a1", Roles.Agent, factory.Time.GetUtcNow(), lifetime: TimeSpan.FromMinutes(5));
        await factory.AdvanceAsync(TimeSpan.FromMinutes(10));

        Assert.Equal(HttpStatusCode.Unauthorized, await ListWithAsync(token));
    }

    [Fact]
    public async Task A_dev_token_expires_after_its_lifetime()
    {
        var issued = await factory.Personas.Anonymous().PostAsync("/api/dev/tokens", new { userId = "a1", roles = new[] { "agent" } });
        var token = (string)issued["token"]!;

        Assert.Equal(HttpStatusCode.OK, await ListWithAsync(token));
        await factory.AdvanceAsync(AuthOptions.DefaultTokenLifetime + TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Unauthorized, await ListWithAsync(token));
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_401()
    {
        var forged = Tokens.Mint("a1", Roles.Admin, factory.Time.GetUtcNow(), key: "an-attackers-own-key-of-sufficient-length-0123");

        Assert.Equal(HttpStatusCode.Unauthorized, await ListWithAsync(forged));
    }

    [Fact]
    public async Task An_unsigned_token_is_401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, await ListWithAsync(Tokens.Unsigned("a1", Roles.Admin)));
    }

    [Theory]
    [InlineData("someone-else", "fieldservice")]
    [InlineData("fieldservice", "another-api")]
    public async Task A_token_for_another_issuer_or_audience_is_401(string issuer, string audience)
    {
        var token = Tokens.Mint("a1", Roles.Agent, factory.Time.GetUtcNow(), issuer: issuer, audience: audience);

        Assert.Equal(HttpStatusCode.Unauthorized, await ListWithAsync(token));
    }

    [Fact]
    public async Task A_token_without_a_subject_is_401()
    {
        var token = Tokens.Mint("", Roles.Agent, factory.Time.GetUtcNow());

        Assert.Equal(HttpStatusCode.Unauthorized, await ListWithAsync(token));
    }

    [Fact]
    public async Task Dev_tokens_name_every_invalid_field()
    {
        var problem = await factory.Personas.Anonymous().PostAsync(
            "/api/dev/tokens", new { userId = "has space", roles = new[] { "wizard", "technician", "customer" } }, HttpStatusCode.UnprocessableEntity);

        Assert.Equal(["customerId", "roles", "technicianId", "userId"],
            problem["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Durable_mode_refuses_to_start_without_a_key_or_an_authority_and_dev_tokens_with_an_authority()
    {
        var validator = new AuthOptionsValidator(durable: true);

        Assert.Contains("Auth:SigningKey or Auth:Authority", validator.Validate(null, new AuthOptions()).FailureMessage, StringComparison.Ordinal);
        Assert.Contains("at least 32 bytes", validator.Validate(null, new AuthOptions { SigningKey = "short" }).FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Auth:DevTokens", validator.Validate(null, new AuthOptions { Authority = "https://id.example", DevTokens = true }).FailureMessage,
            StringComparison.Ordinal);
        Assert.True(validator.Validate(null, new AuthOptions { SigningKey = Personas.TestSigningKey }).Succeeded);
        Assert.True(new AuthOptionsValidator(durable: false).Validate(null, new AuthOptions()).Succeeded);
    }

    [Fact]
    public async Task Without_dev_tokens_the_sign_in_endpoint_does_not_exist_and_the_dashboard_needs_an_admin()
    {
        await using var locked = new AppFactory(settings: new Dictionary<string, string> { ["Auth:DevTokens"] = "false", ["Orleans:Dashboard"] = "true" });
        using var client = locked.CreateClient();
        var now = locked.Time.GetUtcNow();

        using var devTokens = await client.PostAsJsonAsync("/api/dev/tokens", new { userId = "a1", roles = new[] { "admin" } });
        using var anonymous = await client.GetAsync("/dashboard/");
        using var dispatcher = await SendAsync(client, "/dashboard/", Tokens.Mint("d1", Roles.Dispatcher, now));
        using var admin = await SendAsync(client, "/dashboard/", Tokens.Mint("x1", Roles.Admin, now));

        Assert.NotEqual(HttpStatusCode.OK, devTokens.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, dispatcher.StatusCode);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string path, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client.SendAsync(request);
    }
}
