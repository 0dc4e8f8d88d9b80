using System.Threading.RateLimiting;
using FieldService.Silo.Hosting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace FieldService.WebHost.Security;

/// <summary>Authentication (JWT bearer, also for SignalR's access_token), the role policy table, dev tokens,
/// request size limits and the intake rate limit.</summary>
public static class SecuritySetup
{
    public const string IntakeRateLimit = "intake";

    /// <summary>Largest request body accepted: a signature image (≤ 512 KB of text) with room to spare.</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    public static WebApplicationBuilder AddFieldServiceSecurity(this WebApplicationBuilder builder)
    {
        var durable = FieldServiceHosting.IsDurable(builder.Configuration);
        var services = builder.Services;
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>>(
            new AuthOptionsValidator(durable, builder.Configuration.GetSection(OidcOptions.SectionName).Exists()));
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName).ValidateOnStart();
        services.AddOptions<ChatIntakeOptions>().BindConfiguration(ChatIntakeOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ChatIntakeOptions>, ChatIntakeOptionsValidator>());
        services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();
        services.AddSingleton<TokenKeys>();

        // With sign-in at a provider, a selector sends each request to the bearer or the cookie scheme.
        var sessions = SessionSetup.IsEnabled(builder.Configuration);
        var authentication = services.AddAuthentication(sessions ? SessionSetup.Scheme : JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        if (sessions)
        {
            authentication.AddFieldServiceSession();
        }

        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>, TokenKeys, TimeProvider>((jwt, auth, keys, time) => ConfigureJwt(jwt, auth.Value, keys, time));
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(IntakeRateLimit, context =>
            {
                var limits = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                var client = context.User.FindFirst(Claims.Subject)?.Value ?? context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limits.IntakePerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                var response = context.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests",
                        Detail = $"Too many fault reports from this client; try again in {(int)Math.Ceiling(retryAfter.TotalSeconds)} s.",
                    },
                });
            };
        });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        return builder;
    }

    public static WebApplication UseFieldServiceSecurity(this WebApplication app)
    {
        app.Use(RefuseOversizedBodies);
        app.UseAuthentication();
        app.UseFieldServiceSession();
        app.UseAuthorization();
        app.UseRateLimiter();
        if (IsDemo(app))
        {
            if (FieldServiceHosting.IsDurable(app.Configuration))
            {
                app.Logger.LogWarning("Auth:DevTokens is ON in durable mode: anyone who reaches POST /api/dev/tokens can act in any role.");
            }

            app.MapDevTokensApi().WithAccessPolicy();
        }

        app.MapMeApi().WithAccessPolicy();

        return app;
    }

    /// <summary>Whether dev tokens are on (the embedded mode's default).</summary>
    public static bool IsDemo(WebApplication app) =>
        app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.DevTokens ?? !FieldServiceHosting.IsDurable(app.Configuration);

    private static void ConfigureJwt(JwtBearerOptions jwt, AuthOptions auth, TokenKeys keys, TimeProvider time)
    {
        jwt.MapInboundClaims = false;
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = auth.Issuer,
            ValidAudience = auth.Audience,
            NameClaimType = Claims.Name,
            RoleClaimType = Claims.Role,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            // Token lifetimes are judged by the platform's clock, the same one that stamps issued tokens.
            LifetimeValidator = (notBefore, expires, _, parameters) =>
            {
                var now = time.GetUtcNow().UtcDateTime;
                return expires is { } end && now <= end + parameters.ClockSkew && (notBefore is not { } start || now >= start - parameters.ClockSkew);
            },
        };
        if (auth.Authority is { Length: > 0 } authority)
        {
            jwt.Authority = authority;
            jwt.Audience = auth.Audience;
            jwt.RequireHttpsMetadata = auth.RequireHttpsMetadata;
        }
        else
        {
            jwt.TokenValidationParameters.IssuerSigningKey = keys.SigningKey;
        }

        jwt.Events = new JwtBearerEvents
        {
            // Browsers cannot set headers on WebSocket requests: SignalR sends the token as access_token.
            OnMessageReceived = context =>
            {
                if (context.Request.Path.StartsWithSegments("/hubs") && context.Request.Query["access_token"] is [{ Length: > 0 } token])
                {
                    context.Token = token;
                }
                else if (string.IsNullOrEmpty(context.Request.Headers.Authorization) && Hosting.DashboardSetup.TokenOf(context.Request) is { } dashboard)
                {
                    // The dashboard's page cannot send a header: its token comes in the address once, then as a cookie.
                    context.Token = dashboard;
                }

                return Task.CompletedTask;
            },
            OnTokenValidated = context =>
            {
                if (auth.Authority is { Length: > 0 } && context.Principal is { } principal)
                {
                    // A provider's tokens name roles and records its own way: the same mapping as for the pages' sign-in.
                    context.Principal = ClaimMapping.ToPlatform(principal, auth.Oidc, JwtBearerDefaults.AuthenticationScheme);
                }

                if (string.IsNullOrWhiteSpace(context.Principal?.FindFirst(Claims.Subject)?.Value))
                {
                    context.Fail("The token names no subject (sub).");
                }

                return Task.CompletedTask;
            },
        };
    }

    /// <summary>Answers with a problem from middleware, where no endpoint's result type applies.</summary>
    internal static Task WriteProblemAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }

    private static async Task RefuseOversizedBodies(HttpContext context, RequestDelegate next)
    {
        // An endpoint that takes files (attachments) names its own limit; every other keeps the JSON bodies' one.
        var allowed = context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? MaxRequestBodyBytes;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = allowed;
        }

        if (context.Request.ContentLength > allowed)
        {
            await WriteProblemAsync(context, StatusCodes.Status413PayloadTooLarge, "Request too large", $"Request bodies are limited to {allowed} bytes here.");
            return;
        }

        await next(context);
    }
}

/// <summary>Abuse limits (section <c>RateLimits</c>).</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";
    public const int DefaultIntakePerMinute = 30;

    /// <summary>Fault reports one client (user, or address when anonymous) may file per minute.</summary>
    public int IntakePerMinute { get; set; } = DefaultIntakePerMinute;
}

public sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options) => options.IntakePerMinute < 1
        ? ValidateOptionsResult.Fail("RateLimits:IntakePerMinute must be at least 1.")
        : ValidateOptionsResult.Success;
}
