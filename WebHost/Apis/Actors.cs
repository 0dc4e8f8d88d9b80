using System.Security.Claims;

namespace FieldService.WebHost.Apis;

/// <summary>The actor recorded on every change: taken from the caller's identity, never from a request body.</summary>
public static class Actors
{
    public const string Anonymous = "anonymous";

    public static Actor Of(HttpContext context)
    {
        var user = context.User;
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? user.FindFirstValue("sub") ?? user.Identity?.Name;
        var role = user.FindFirstValue(ClaimTypes.Role) ?? Anonymous;
        return new Actor(id ?? Anonymous, role);
    }
}
