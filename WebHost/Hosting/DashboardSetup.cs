using FieldService.WebHost.Security;
using Orleans.Dashboard;

namespace FieldService.WebHost.Hosting;

/// <summary>
/// The Orleans Dashboard at <c>/dashboard</c>, for administrators in every mode: it shows every grain type, silo and
/// reminder of the cluster, so even the embedded demo (where anyone can mint a token) asks for an admin's one.
/// A browser cannot put a bearer header on the dashboard's own requests, so an admin opens
/// <c>/dashboard/?access_token=TOKEN</c> once: the token moves into an HttpOnly cookie scoped to <c>/dashboard</c>
/// (the address bar is cleared by a redirect), and the page's requests carry it from then on.
/// The routes that take a silo address answer 404 for anything that is not an active silo of this cluster, instead
/// of letting the dashboard fail on it.
/// </summary>
public static class DashboardSetup
{
    public const string Prefix = "/dashboard";
    public const string TokenCookie = "fieldservice-dashboard";
    public const string TokenQuery = "access_token";

    /// <summary>The dashboard's routes whose last segments are a silo address.</summary>
    private static readonly string[] SiloRoutes = ["SiloProperties", "SiloMetadata", "SiloStats", "SiloCounters", "HistoricalStats"];

    /// <summary>Where the bearer handler finds the dashboard's token when the request has no Authorization header.</summary>
    public static string? TokenOf(HttpRequest request)
    {
        if (!request.Path.StartsWithSegments(Prefix))
        {
            return null;
        }

        return request.Query[TokenQuery] is [{ Length: > 0 } query] ? query
            : request.Cookies[TokenCookie] is { Length: > 0 } cookie ? cookie
            : null;
    }

    public static WebApplication MapFieldServiceDashboard(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments(Prefix), branch => branch.Use(GuardAsync));
        var dashboard = app.MapGroup("");
        dashboard.MapOrleansDashboard(routePrefix: Prefix);
        dashboard.WithMetadata(AccessPolicy.RequirementFor(AccessPolicy.RolesFor(null, Prefix)!));
        return app;
    }

    /// <summary>Runs after authorization, so only an admin's request reaches it.</summary>
    private static async Task GuardAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Query.ContainsKey(TokenQuery) && context.User.Identity?.IsAuthenticated == true)
        {
            context.Response.Cookies.Append(TokenCookie, context.Request.Query[TokenQuery].ToString(), new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = context.Request.IsHttps,
                Path = Prefix,
            });
            context.Response.Redirect(context.Request.PathBase + context.Request.Path);
            return;
        }

        var path = context.Request.Path.Value ?? "";
        var segments = path[Prefix.Length..].Trim('/').Split('/', 2);
        if (segments is [var route, ..] && SiloRoutes.Contains(route, StringComparer.OrdinalIgnoreCase)
            && !IsActiveSilo(segments.Length > 1 ? Uri.UnescapeDataString(segments[1]) : "", context.RequestServices))
        {
            await SecuritySetup.WriteProblemAsync(context, StatusCodes.Status404NotFound, "Not found",
                "No active silo of this cluster has that address (e.g. 127.0.0.1:11111@123456789).");
            return;
        }

        await next(context);
    }

    private static bool IsActiveSilo(string address, IServiceProvider services)
    {
        SiloAddress silo;
        try
        {
            silo = SiloAddress.FromParsableString(address);
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException or IndexOutOfRangeException or OverflowException)
        {
            return false;
        }

        return services.GetService<IClusterMembershipService>()?.CurrentSnapshot.Members.TryGetValue(silo, out var member) == true
            && member.Status == SiloStatus.Active;
    }
}
