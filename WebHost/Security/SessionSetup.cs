using FieldService.Silo.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace FieldService.WebHost.Security;

/// <summary>
/// Sign-in of the pages at an OpenID Connect provider, with the web host as backend-for-frontend: the host runs the
/// authorization-code flow with PKCE as a confidential client and keeps a cookie session; tokens never reach the page.
/// A request carrying a bearer token (REST clients, SignalR's <c>access_token</c>, the dashboard's token) is judged by
/// the JWT bearer scheme as before; every other request by the session cookie. State-changing calls made with the
/// cookie need the antiforgery token; hub connections made with it must come from the host's own origin.
/// </summary>
public static class SessionSetup
{
    /// <summary>The default scheme when sign-in is on: picks bearer or cookie per request.</summary>
    public const string Scheme = "session-or-bearer";
    public const string AntiforgeryHeader = "X-XSRF-TOKEN";
    public const string SessionAuthenticationType = "oidc-session";

    public static bool IsEnabled(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[$"{OidcOptions.SectionName}:{nameof(OidcOptions.ClientId)}"]);

    /// <summary>Adds the cookie and OpenID Connect schemes behind a selector; call after the JWT bearer scheme.</summary>
    public static void AddFieldServiceSession(this AuthenticationBuilder authentication)
    {
        authentication.AddPolicyScheme(Scheme, "Session cookie or bearer token", policy =>
                policy.ForwardDefaultSelector = context => UsesBearer(context.Request) ? JwtBearerDefaults.AuthenticationScheme : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie()
            .AddOpenIdConnect();
        var services = authentication.Services;
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>, TimeProvider>((cookie, auth, time) => ConfigureCookie(cookie, auth.Value.Oidc, time));
        services.AddOptions<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>, TimeProvider>((oidc, auth, time) => ConfigureOidc(oidc, auth.Value, time));
        services.AddAntiforgery(o =>
        {
            o.HeaderName = AntiforgeryHeader;
            o.Cookie.Name = "fieldservice.antiforgery";
        });
    }

    /// <summary>Whether the request proves who it is with a bearer token rather than the session cookie.</summary>
    public static bool UsesBearer(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
        || (request.Path.StartsWithSegments("/hubs") && request.Query.ContainsKey("access_token"))
        || Hosting.DashboardSetup.TokenOf(request) is not null;

    private static void ConfigureCookie(CookieAuthenticationOptions cookie, OidcOptions map, TimeProvider time)
    {
        cookie.TimeProvider = time;
        cookie.Cookie.Name = "fieldservice.session";
        cookie.Cookie.HttpOnly = true;
        cookie.Cookie.SameSite = SameSiteMode.Lax;
        cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        cookie.ExpireTimeSpan = map.SessionLifetime;
        cookie.SlidingExpiration = false;
        cookie.Events = new CookieAuthenticationEvents
        {
            // An API answers; only /auth/sign-in sends a browser to the provider.
            OnRedirectToLogin = context => Refuse(context, StatusCodes.Status401Unauthorized),
            OnRedirectToAccessDenied = context => Refuse(context, StatusCodes.Status403Forbidden),
        };
    }

    private static Task Refuse(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    private static void ConfigureOidc(OpenIdConnectOptions oidc, AuthOptions auth, TimeProvider time)
    {
        var map = auth.Oidc;
        if (!map.Enabled)
        {
            return;
        }

        oidc.TimeProvider = time;
        oidc.Authority = auth.Authority;
        oidc.RequireHttpsMetadata = auth.RequireHttpsMetadata;
        oidc.ClientId = map.ClientId;
        oidc.ClientSecret = map.ClientSecret;
        oidc.ResponseType = OpenIdConnectResponseType.Code;
        oidc.UsePkce = true;
        // The code comes back in the address of a top-level GET: the correlation cookies can be SameSite=Lax and the
        // flow works on plain-HTTP test machines too. PKCE binds the code to this browser's sign-in.
        oidc.ResponseMode = OpenIdConnectResponseMode.Query;
        oidc.CorrelationCookie.SameSite = SameSiteMode.Lax;
        oidc.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        oidc.NonceCookie.SameSite = SameSiteMode.Lax;
        oidc.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        oidc.MapInboundClaims = false;
        oidc.GetClaimsFromUserInfoEndpoint = true;
        // Kept for sign-out (id_token_hint); the page never sees them.
        oidc.SaveTokens = true;
        oidc.Scope.Clear();
        foreach (var scope in map.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            oidc.Scope.Add(scope);
        }

        // Claims from the user-info endpoint are kept only when mapped; the platform's are picked out afterwards.
        foreach (var claim in new[] { map.NameClaim, map.RoleClaim, map.TechnicianIdClaim, map.CustomerIdClaim })
        {
            var head = claim.Split('.')[0];
            oidc.ClaimActions.MapJsonKey(head, head);
        }

        oidc.TokenValidationParameters.NameClaimType = Claims.Name;
        oidc.TokenValidationParameters.RoleClaimType = Claims.Role;
        oidc.Events = new OpenIdConnectEvents
        {
            OnTicketReceived = context =>
            {
                context.Principal = ClaimMapping.ToPlatform(context.Principal!, map, SessionAuthenticationType);
                if (context.Principal.FindFirst(Claims.Subject) is null)
                {
                    context.Fail("The provider's ID token names no subject (sub).");
                }

                return Task.CompletedTask;
            },
            OnRemoteFailure = async context =>
            {
                // A refused or broken sign-in is a problem answer, not an exception page.
                context.HandleResponse();
                await SecuritySetup.WriteProblemAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "Sign-in failed",
                    $"The provider's answer was not accepted: {context.Failure?.Message}");
            },
        };
    }

    /// <summary>Checks state-changing cookie calls for the antiforgery token, and cookie hub connections for their
    /// origin (a WebSocket carries no header the page could add; a foreign origin is what cross-site hijacking has).</summary>
    public static WebApplication UseFieldServiceSession(this WebApplication app)
    {
        var enabled = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.Oidc.Enabled;
        if (enabled)
        {
            app.Use(async (context, next) =>
            {
                if (context.User.Identity?.IsAuthenticated == true && !UsesBearer(context.Request))
                {
                    if (context.Request.Path.StartsWithSegments("/hubs"))
                    {
                        if (context.Request.Headers.Origin is [{ } origin] && !SameOrigin(origin, context.Request))
                        {
                            await SecuritySetup.WriteProblemAsync(context, StatusCodes.Status403Forbidden, "Foreign origin",
                                $"A hub connection with the session cookie must come from this host's pages, not from {origin}.");
                            return;
                        }
                    }
                    else if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method) && !HttpMethods.IsOptions(context.Request.Method)
                        && !await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context))
                    {
                        await SecuritySetup.WriteProblemAsync(context, StatusCodes.Status400BadRequest, "Antiforgery token missing or invalid",
                            $"A state-changing call with the session cookie must send the token of GET /auth/session in the {AntiforgeryHeader} header.");
                        return;
                    }
                }

                await next(context);
            });
        }

        var auth = app.MapGroup("auth").ExcludeFromDescription().AllowAnonymous();
        auth.MapGet("session", (HttpContext context) =>
        {
            var signedIn = context.User.Identity?.IsAuthenticated == true;
            // Antiforgery is registered only with sign-in at a provider: bearer callers need none.
            return TypedResults.Ok(new SessionState(
                enabled ? "oidc" : SecuritySetup.IsDemo(app) ? "dev" : "bearer",
                signedIn,
                signedIn ? context.User.FindFirst(Claims.Name)?.Value : null,
                enabled && signedIn ? context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context).RequestToken : null));
        });
        if (enabled)
        {
            auth.MapGet("sign-in", (string? returnUrl) => TypedResults.Challenge(
                new AuthenticationProperties { RedirectUri = LocalOnly(returnUrl) }, [OpenIdConnectDefaults.AuthenticationScheme]));
            auth.MapPost("sign-out", (HttpContext context) => context.User.Identity?.IsAuthenticated == true
                ? Results.SignOut(new AuthenticationProperties { RedirectUri = "/" },
                    [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme])
                : Results.Redirect("/"));
        }

        return app;
    }

    /// <summary>Only a path of this host: a sign-in link must not send anyone elsewhere afterwards.</summary>
    private static string LocalOnly(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) ? url : "/";

    private static bool SameOrigin(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
}

/// <summary>What a page needs before it signs in: how (<c>oidc</c>, <c>dev</c> tokens, or <c>bearer</c> only),
/// whether it is signed in, and the antiforgery token for its state-changing calls.</summary>
public sealed record SessionState(string Mode, bool SignedIn, string? Name, string? Antiforgery);
