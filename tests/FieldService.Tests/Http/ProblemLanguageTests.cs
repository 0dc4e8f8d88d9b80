using System.Net;
using FieldService.Tests.Infrastructure;

namespace FieldService.Tests.Http;

/// <summary>Issue 14.3: problem details follow Accept-Language for zh-CN and en.</summary>
public sealed class ProblemLanguageTests : IAsyncLifetime
{
    private readonly AppFactory factory = new();
    private ApiClient api = null!;

    public async Task InitializeAsync() => api = await factory.Personas.OperatorAsync();

    public async Task DisposeAsync() => await factory.DisposeAsync();

    public static TheoryData<string, string, string, string, string, string> Languages => new()
    {
        // Accept-Language, Content-Language, the 404, 409 and 422 titles, and a field's message in the 422.
        { "zh-CN,zh;q=0.9,en;q=0.8", "zh-CN", "未找到", "当前状态下不允许此操作", "一个或多个值无效", "为必填项" },
        { "zh", "zh-CN", "未找到", "当前状态下不允许此操作", "一个或多个值无效", "为必填项" },
        { "en-US,en;q=0.9", "en", "Not found", "Not allowed in the current state", "One or more values are invalid", "is required" },
        { "fr-FR, en;q=0.5, zh;q=0.4", "en", "Not found", "Not allowed in the current state", "One or more values are invalid", "is required" },
        { "de", "en", "Not found", "Not allowed in the current state", "One or more values are invalid", "is required" },
    };

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task Languages_problem_titles_follow_accept_language(string accept, string answered, string notFound, string conflict, string invalid, string required)
    {
        var id = await api.ReportAsync();
        var headers = new Dictionary<string, string> { ["Accept-Language"] = accept };

        var missing = await api.SendAsync(HttpMethod.Get, $"/api/work-orders/{Guid.NewGuid()}", null, HttpStatusCode.NotFound, headers);
        // Triaging an order twice is an illegal step: a 409 naming the current state.
        await api.PostAsync($"/api/work-orders/{id}/triage", new { onSite = true });
        var illegal = await api.SendAsync(HttpMethod.Post, $"/api/work-orders/{id}/triage", new { onSite = true }, HttpStatusCode.Conflict, headers);
        var body = Intakes.Body();
        body["customer"]!["name"] = "";
        var bad = await api.SendAsync(HttpMethod.Post, "/api/work-orders", body, HttpStatusCode.UnprocessableEntity, headers);

        Assert.Equal(notFound, (string?)missing["title"]);
        Assert.Equal(conflict, (string?)illegal["title"]);
        Assert.Equal("triaged", (string?)illegal["currentStatus"]);
        Assert.Equal(invalid, (string?)bad["title"]);
        Assert.Equal(required, (string?)bad["errors"]!["customer.name"]![0]); // still under the field's name

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/work-orders/{Guid.NewGuid()}");
        request.Headers.Add("Accept-Language", accept);
        using var response = await api.Http.SendAsync(request);
        Assert.Equal([answered], response.Content.Headers.ContentLanguage);
        Assert.Contains("Accept-Language", response.Headers.Vary);
    }
}
