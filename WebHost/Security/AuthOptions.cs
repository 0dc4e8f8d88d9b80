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

    /// <summary>Whether <see cref="Authority"/>'s discovery document must come over HTTPS. Only a provider on the
    /// test machine may be plain HTTP.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Sign-in of the pages at <see cref="Authority"/> (section <c>Auth:Oidc</c>).</summary>
    public OidcOptions Oidc { get; set; } = new();
}

/// <summary>The pages sign in at the OpenID Connect provider <see cref="AuthOptions.Authority"/> through the web host
/// (backend-for-frontend: authorization code with PKCE, then a cookie session). On when <see cref="ClientId"/> is set.
/// The claim names map the provider's claims onto the platform's, for its ID tokens and its bearer tokens alike.</summary>
public sealed class OidcOptions
{
    public const string SectionName = AuthOptions.SectionName + ":Oidc";
    public static readonly TimeSpan DefaultSessionLifetime = TimeSpan.FromHours(1);

    /// <summary>The web host's client id at the provider.</summary>
    public string? ClientId { get; set; }

    /// <summary>The client's secret (a confidential client: the web host keeps it, never the page).</summary>
    [Redact]
    public string? ClientSecret { get; set; }

    /// <summary>Scopes asked for, space-separated; <c>openid</c> is always asked for.</summary>
    public string Scopes { get; set; } = "openid profile";

    /// <summary>The claim holding the platform role names (one claim per role, or a JSON array). A dotted path
    /// reaches into a JSON object claim, e.g. Keycloak's <c>realm_access.roles</c>.</summary>
    public string RoleClaim { get; set; } = Claims.Role;

    public string NameClaim { get; set; } = Claims.Name;

    public string TechnicianIdClaim { get; set; } = Claims.TechnicianId;

    public string CustomerIdClaim { get; set; } = Claims.CustomerId;

    /// <summary>How long a cookie session lasts before the page goes back to the provider, which signs the person
    /// in again without a form while its own session lives (renewal), or asks again when it does not.</summary>
    public TimeSpan SessionLifetime { get; set; } = DefaultSessionLifetime;

    public bool Enabled => !string.IsNullOrWhiteSpace(ClientId);
}

/// <summary>Fails start-up with a message that names the setting.</summary>
public sealed class AuthOptionsValidator(bool durable, bool oidcSectionPresent = false) : IValidateOptions<AuthOptions>
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

        ValidateOidc(options, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private void ValidateOidc(AuthOptions options, List<string> failures)
    {
        if (options.Authority is { Length: > 0 } authority)
        {
            if (!Uri.TryCreate(authority, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            {
                failures.Add($"Auth:Authority must be the provider's issuer URL (https://…), not '{authority}'.");
            }
            else if (uri.Scheme == "http" && options.RequireHttpsMetadata)
            {
                failures.Add($"Auth:Authority '{authority}' is plain HTTP: use https, or set Auth:RequireHttpsMetadata=false for a provider on the test machine.");
            }
        }

        var oidc = options.Oidc;
        if (!oidc.Enabled)
        {
            if (oidcSectionPresent)
            {
                failures.Add("Auth:Oidc is configured but Auth:Oidc:ClientId is not: set the web host's client id at the provider, or remove the section.");
            }

            return;
        }

        if (string.IsNullOrWhiteSpace(options.Authority))
        {
            failures.Add("Auth:Oidc:ClientId is set but Auth:Authority is not: set the provider's issuer URL (e.g. https://login.example.com/realms/fieldservice).");
        }

        foreach (var (key, value) in new[] { ("RoleClaim", oidc.RoleClaim), ("NameClaim", oidc.NameClaim), ("TechnicianIdClaim", oidc.TechnicianIdClaim), ("CustomerIdClaim", oidc.CustomerIdClaim) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                failures.Add($"Auth:Oidc:{key} must name a claim of the provider's tokens.");
            }
        }

        if (!oidc.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("openid"))
        {
            failures.Add("Auth:Oidc:Scopes must contain 'openid'.");
        }

        if (oidc.SessionLifetime <= TimeSpan.Zero)
        {
            failures.Add("Auth:Oidc:SessionLifetime must be positive.");
        }
    }
}
