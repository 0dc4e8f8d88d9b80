using System.Security.Claims;
using FieldService.WebHost.Security;

namespace FieldService.WebHost.Apis;

/// <summary>The actor recorded on every change: taken from the caller's token, never from a request body.</summary>
public static class Actors
{
    public static Actor Of(HttpContext context) => Of(context.User);

    public static Actor Of(ClaimsPrincipal user)
    {
        var id = user.FindFirstValue(Claims.Subject)
            ?? throw new InvalidOperationException("An authenticated caller without a subject reached an endpoint.");
        var roles = user.FindAll(Claims.Role).Select(c => c.Value).Where(Roles.All.Contains).Distinct().Order(StringComparer.Ordinal);
        return new Actor(id, string.Join('+', roles), user.FindFirstValue(Claims.TechnicianId), user.FindFirstValue(Claims.CustomerId));
    }
}
