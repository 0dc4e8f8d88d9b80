using System.Text;
using Microsoft.Extensions.Options;

namespace FieldService.WebHost.Security;

/// <summary>How callers prove who they are (section <c>Auth</c>): JWT bearer tokens signed with
/// <see cref="SigningKey"/>, or issued by an OpenID Connect <see cref="Authority"/>.</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";
    public const string DefaultIssuer = "fieldservice";
    public const string DefaultAudience = "fieldservice";
    public const int MinimumKeyBytes = 32;
    public static readonly TimeSpan DefaultTokenLifetime = TimeSpan.FromHours(8);

    /// <summary>The <c>iss</c> a token must carry.</summary>
    public string Issuer { get; set; } = DefaultIssuer;

    /// <summary>The <c>aud</c> a token must carry.</summary>
    public string Audience { get; set; } = DefaultAudience;

    /// <summary>HMAC-SHA256 key (at least 32 bytes of UTF-8) for tokens this platform validates and, with dev tokens,
    /// issues. In the embedded mode a random key is made at start when none is set.</summary>
    [Redact]
    public string? SigningKey { get; set; }

    /// <summary>An OpenID Connect authority (e.g. https://login.example.com/realms/fieldservice) whose signing keys
    /// are fetched from its discovery document; when set, <see cref="SigningKey"/> is not used.</summary>
    public string? Authority { get; set; }

    /// <summary><c>POST /api/dev/tokens</c> hands out tokens for any user and role. On by default only in the
    /// embedded mode; in durable mode it must be set explicitly, and start-up says so loudly.</summary>
    public bool? DevTokens { get; set; }

    /// <summary>Lifetime of a dev token.</summary>
    public TimeSpan TokenLifetime { get; set; } = DefaultTokenLifetime;
}

/// <summary>Fails start-up with a message that names the setting.</summary>
public sealed class AuthOptionsValidator(bool durable) : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = new List<string>();
        if (options.SigningKey is { } key && Encoding.UTF8.GetByteCount(key) < AuthOptions.MinimumKeyBytes)
        {
            failures.Add($"Auth:SigningKey must be at least {AuthOptions.MinimumKeyBytes} bytes.");
        }

        if (durable && string.IsNullOrWhiteSpace(options.SigningKey) && string.IsNullOrWhiteSpace(options.Authority))
        {
            failures.Add("Durable mode needs Auth:SigningKey or Auth:Authority: tokens must outlive a restart and be checkable by every web host.");
        }

        if (options.Authority is { Length: > 0 } && options.DevTokens == true)
        {
            failures.Add("Auth:DevTokens cannot be combined with Auth:Authority: dev tokens are signed with Auth:SigningKey.");
        }

        if (string.IsNullOrWhiteSpace(options.Issuer) || string.IsNullOrWhiteSpace(options.Audience))
        {
            failures.Add("Auth:Issuer and Auth:Audience must not be empty.");
        }

        if (options.TokenLifetime <= TimeSpan.Zero)
        {
            failures.Add("Auth:TokenLifetime must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
