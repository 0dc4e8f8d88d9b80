using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FieldService.Tests.Infrastructure;

/// <summary>An HTTP client that asserts the status of each call and reads JSON the way the API writes it. A
/// <paramref name="betweenSteps"/> hook runs before every call (given the call's path): the forced-deactivation walks
/// run the ordinary walks with one.</summary>
public sealed class ApiClient(HttpClient http, Func<string, Task>? betweenSteps = null)
{
    public HttpClient Http => http;

    public async Task<JsonObject> SendAsync(HttpMethod method, string path, object? body, HttpStatusCode expected, IDictionary<string, string>? headers = null)
    {
        if (betweenSteps is not null)
        {
            await betweenSteps(path);
        }

        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = body is string raw
                ? new StringContent(raw, Encoding.UTF8, "application/json")
                : JsonContent.Create(body, options: FieldServiceJson.Options);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.Add(name, value);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{method} {path}: expected {(int)expected} {expected}, got {(int)response.StatusCode}: {text}");
        if (!response.IsSuccessStatusCode)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        return text.Length == 0 ? [] : JsonNode.Parse(text) is JsonObject obj ? obj : new JsonObject { ["items"] = JsonNode.Parse(text) };
    }

    /// <summary>Sends a request as built (raw bytes, own headers), after the hook like every other call; the caller
    /// judges and disposes the answer.</summary>
    public async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request)
    {
        if (betweenSteps is not null)
        {
            await betweenSteps(request.RequestUri!.OriginalString);
        }

        return await http.SendAsync(request);
    }

    public Task<JsonObject> PostAsync(string path, object? body, HttpStatusCode expected = HttpStatusCode.OK, IDictionary<string, string>? headers = null) =>
        SendAsync(HttpMethod.Post, path, body, expected, headers);

    public Task<JsonObject> PutAsync(string path, object? body, HttpStatusCode expected = HttpStatusCode.OK) =>
        SendAsync(HttpMethod.Put, path, body, expected);

    public Task<JsonObject> GetAsync(string path, HttpStatusCode expected = HttpStatusCode.OK) =>
        SendAsync(HttpMethod.Get, path, null, expected);

    /// <summary>Reports a fault and returns the new order's id.</summary>
    public async Task<string> ReportAsync(JsonObject? body = null)
    {
        var created = await PostAsync("/api/work-orders", body ?? Intakes.Body(), HttpStatusCode.Created);
        return (string)created["id"]!;
    }

    public static T Read<T>(JsonNode node) => node.Deserialize<T>(FieldServiceJson.Options)!;
}
