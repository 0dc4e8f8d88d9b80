using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FieldService.Tests.Infrastructure;

/// <summary>
/// An SMS gateway over real HTTP (Kestrel on a loopback port) that implements the platform's documented contract
/// (docs/notifications.md) on its own: it recomputes the HMAC-SHA256 signature over "{timestamp}.{requestId}.{body}",
/// answers 401 to a bad one, takes each request id once (a repeat answers 200 and is not sent again), and can be told
/// to answer 503 for a while.
/// </summary>
public sealed class SmsGatewayStub(string secret) : IAsyncDisposable
{
    private WebApplication? app;
    private readonly ConcurrentDictionary<string, JsonObject> ids = new();
    private readonly Arrivals<JsonObject> accepted = new(j => $"{j["id"]} {j["kind"]}");
    private readonly ConcurrentQueue<string> refusedSignatures = new();

    private readonly int port = SmtpSink.FreePort();

    /// <summary>Known before the gateway starts, so a silo can be configured with it.</summary>
    public Uri Url => new($"http://127.0.0.1:{port}/sms");

    /// <summary>While true, every request answers 503 (the provider is down).</summary>
    public bool Down { get; set; }

    /// <summary>When true, the first request of each id answers 503 (a provider that needs a second try).</summary>
    public bool RefuseFirstTry { get; set; }

    private readonly ConcurrentDictionary<string, bool> tried = new();

    public int Requests => requests;

    private int requests;

    public IReadOnlyCollection<JsonObject> Accepted => accepted.All;

    public IReadOnlyCollection<string> RefusedSignatures => refusedSignatures.ToArray();

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        app = builder.Build();
        app.MapPost("/sms", HandleAsync);
        await app.StartAsync();
    }

    private async Task<IResult> HandleAsync(HttpRequest request)
    {
        Interlocked.Increment(ref requests);
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var id = request.Headers["X-FieldService-Request-Id"].ToString();
        var timestamp = request.Headers["X-FieldService-Timestamp"].ToString();
        var signature = request.Headers["X-FieldService-Signature"].ToString();
        var expected = "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), (byte[])[.. Encoding.UTF8.GetBytes($"{timestamp}.{id}."), .. body]));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature)))
        {
            refusedSignatures.Enqueue(id);
            return Results.Unauthorized();
        }

        if (Down || (RefuseFirstTry && tried.TryAdd(id, true)))
        {
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        var json = JsonNode.Parse(body)!.AsObject();
        if ((string?)json["id"] != id)
        {
            return Results.BadRequest();
        }

        if (ids.TryAdd(id, json))
        {
            accepted.Add(json);
        }

        return Results.Ok(new { id });
    }

    public Task WaitAsync(Func<IReadOnlyCollection<JsonObject>, bool> done, string what, TimeSpan? timeout = null) =>
        accepted.WaitAsync(done, what, $"the SMS gateway ({requests} requests)", timeout);

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }
}
