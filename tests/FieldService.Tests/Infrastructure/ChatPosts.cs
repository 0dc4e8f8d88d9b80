using System.Text;
using System.Text.Json.Nodes;
using FieldService.WebHost.Security;

namespace FieldService.Tests.Infrastructure;

/// <summary>Posts chat messages to <c>/api/intake/chat</c> as a chat platform does (docs/intake.md): signed over the
/// timestamp and the exact bytes sent.</summary>
public static class ChatPosts
{
    /// <summary>The secret the test hosts that take chat configure for integration <see cref="Integration"/>.</summary>
    public const string Secret = "a-chat-platform-secret-of-32-bytes-or-more";

    public const string Integration = "webchat";

    public static KeyValuePair<string, string> Setting => new($"Intake:Chat:Integrations:{Integration}:Secret", Secret);

    public static JsonObject Message(string id, string text, string? serial = null, string name = "Dana Li", string email = "dana@example.com") => new()
    {
        ["messageId"] = id,
        ["sender"] = new JsonObject { ["name"] = name, ["email"] = email, ["phone"] = "+86 21 6123 4567" },
        ["text"] = text,
        ["productSerial"] = serial,
    };

    public static async Task<HttpResponseMessage> PostAsync(
        AppFactory app, JsonObject body, string secret = Secret, string integration = Integration, TimeSpan? age = null, string? signature = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        var timestamp = (app.Time.GetUtcNow() - (age ?? TimeSpan.Zero)).ToUnixTimeSeconds().ToString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/intake/chat") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add(ChatSignature.IntegrationHeader, integration);
        request.Headers.Add(ChatSignature.TimestampHeader, timestamp);
        request.Headers.Add(ChatSignature.SignatureHeader, signature ?? ChatSignature.Sign(secret, timestamp, bytes));
        return await app.Personas.Anonymous().SendRawAsync(request);
    }
}
