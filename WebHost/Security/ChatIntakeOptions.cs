using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace FieldService.WebHost.Security;

/// <summary>CS1: the chat platforms allowed to post customers' messages (section <c>Intake:Chat</c>), each with the
/// secret it signs its requests with: <c>Intake:Chat:Integrations:{name}:Secret</c>.</summary>
public sealed class ChatIntakeOptions
{
    public const string SectionName = "Intake:Chat";

    /// <summary>Shortest secret accepted (UTF-8 bytes): as long as the HMAC-SHA256 key it becomes.</summary>
    public const int MinSecretBytes = 32;

    public Dictionary<string, ChatIntegration> Integrations { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How far a request's timestamp may be from the host's clock: an older signed request is refused, so a
    /// captured one cannot be replayed later (the message id stops replays within the window).</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>One chat platform's integration.</summary>
public sealed class ChatIntegration
{
    /// <summary>Secret: never logged.</summary>
    public string Secret { get; set; } = "";

    public override string ToString() => "Secret=***";
}

public sealed class ChatIntakeOptionsValidator : IValidateOptions<ChatIntakeOptions>
{
    public ValidateOptionsResult Validate(string? name, ChatIntakeOptions options)
    {
        var failures = new List<string>();
        foreach (var (integration, settings) in options.Integrations)
        {
            if (!FieldService.Validation.IsIdentifier(integration))
            {
                failures.Add($"Intake:Chat:Integrations: '{integration}' is not a name (letters, digits, '-', '_', '.').");
            }

            if (Encoding.UTF8.GetByteCount(settings.Secret ?? "") < ChatIntakeOptions.MinSecretBytes)
            {
                failures.Add($"Intake:Chat:Integrations:{integration}:Secret must be at least {ChatIntakeOptions.MinSecretBytes} bytes.");
            }
        }

        if (options.MaxClockSkew <= TimeSpan.Zero || options.MaxClockSkew > TimeSpan.FromHours(1))
        {
            failures.Add("Intake:Chat:MaxClockSkew must be positive and at most one hour.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>
/// The signature a chat platform sends (docs/intake.md): <c>X-FieldService-Signature: sha256=</c> and the lower-case hex
/// HMAC-SHA256, keyed with the integration's secret, of the base string <c>{X-FieldService-Timestamp}.{raw body}</c>.
/// </summary>
public static class ChatSignature
{
    public const string IntegrationHeader = "X-FieldService-Integration";
    public const string TimestampHeader = "X-FieldService-Timestamp";
    public const string SignatureHeader = "X-FieldService-Signature";
    public const string Scheme = "sha256=";

    public static string Sign(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp + ".");
        var data = new byte[prefix.Length + body.Length];
        prefix.CopyTo(data, 0);
        body.CopyTo(data.AsSpan(prefix.Length));
        return Scheme + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), data));
    }

    /// <summary>Compared in constant time, so the time taken says nothing about how much of a guess was right.</summary>
    public static bool Verify(string secret, string timestamp, ReadOnlySpan<byte> body, string? signature) =>
        signature is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(secret, timestamp, body)), Encoding.ASCII.GetBytes(signature.Trim()));
}
