using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FieldService.Grains.Notifications;
using FieldService.Notifications;
using Microsoft.Extensions.Options;

namespace FieldService.Silo.Notifications;

/// <summary>
/// Customer notices by SMS, through the platform's HTTP gateway contract (docs/notifications.md): an HMAC-SHA256-signed
/// JSON POST an operator's adapter turns into a message at their SMS provider. The request id is the notice's
/// idempotency id, the same on every try; the gateway answers a repeat as it answered the first.
/// </summary>
public sealed class SmsGatewayChannel(IOptions<SmsOptions> options, TimeProvider time) : INotificationChannel, IDisposable
{
    public const string RequestIdHeader = "X-FieldService-Request-Id";
    public const string TimestampHeader = "X-FieldService-Timestamp";
    public const string SignatureHeader = "X-FieldService-Signature";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // One client for the process: connections are pooled and renewed (DNS changes are followed).
    private readonly HttpClient http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = System.Threading.Timeout.InfiniteTimeSpan,
    };

    public string Channel => NotificationChannels.Sms;

    public bool Enabled => options.Value.Url is not null;

    public async Task SendAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        var sms = options.Value;
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new SmsRequest(message.MessageId, message.To, message.Body, message.Language, message.WorkOrderId, message.Kind), Json);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, sms.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(RequestIdHeader, message.MessageId);
        request.Headers.Add(TimestampHeader, timestamp);
        request.Headers.Add(SignatureHeader, "v1=" + Sign(sms.Secret!, timestamp, message.MessageId, body));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(sms.Timeout);
        using var response = await http.SendAsync(request, timeout.Token);
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        if (status is >= 400 and < 500 && response.StatusCode is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests))
        {
            throw new NotificationRejectedException($"the SMS gateway refused the message ({status})");
        }

        throw new HttpRequestException($"the SMS gateway answered {status}", null, response.StatusCode);
    }

    /// <summary>Lower-case hex of HMAC-SHA256(secret, "{timestamp}.{requestId}." + body bytes): the signature base
    /// string the contract names.</summary>
    public static string Sign(string secret, string timestamp, string requestId, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{timestamp}.{requestId}.");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    public void Dispose() => http.Dispose();

    /// <summary>The JSON body (camelCase).</summary>
    private sealed record SmsRequest(string Id, string To, string Text, string Language, string WorkOrderId, string Kind);
}
