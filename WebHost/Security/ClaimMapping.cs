using System.Security.Claims;
using System.Text.Json;

namespace FieldService.WebHost.Security;

/// <summary>The provider's claims as the platform reads them (<see cref="Claims"/>): the subject, the name, one
/// <c>role</c> claim per role, <c>technician_id</c> and <c>customer_id</c>, under the names <see cref="OidcOptions"/>
/// configures. Everything else the provider sent is dropped, so the cookie stays small and nothing unmapped is trusted.</summary>
public static class ClaimMapping
{
    public static ClaimsPrincipal ToPlatform(ClaimsPrincipal source, OidcOptions map, string authenticationType)
    {
        var claims = new List<Claim>();
        if (First(source, Claims.Subject) is { } subject)
        {
            claims.Add(new Claim(Claims.Subject, subject));
            claims.Add(new Claim(Claims.Name, First(source, map.NameClaim) ?? subject));
        }

        claims.AddRange(Values(source, map.RoleClaim).Distinct(StringComparer.Ordinal).Select(r => new Claim(Claims.Role, r)));
        if (First(source, map.TechnicianIdClaim) is { } technicianId)
        {
            claims.Add(new Claim(Claims.TechnicianId, technicianId));
        }

        if (First(source, map.CustomerIdClaim) is { } customerId)
        {
            claims.Add(new Claim(Claims.CustomerId, customerId));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, Claims.Name, Claims.Role));
    }

    private static string? First(ClaimsPrincipal source, string path) => Values(source, path).FirstOrDefault();

    /// <summary>The values of a claim: one claim per value, a JSON array in one claim, or (dotted path) a member of a
    /// JSON object claim.</summary>
    internal static IEnumerable<string> Values(ClaimsPrincipal source, string path)
    {
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        var (head, rest) = dot < 0 ? (path, null) : (path[..dot], path[(dot + 1)..]);
        foreach (var claim in source.FindAll(head))
        {
            if (rest is null && !LooksLikeJson(claim.Value))
            {
                if (claim.Value.Length > 0)
                {
                    yield return claim.Value;
                }

                continue;
            }

            foreach (var value in FromJson(claim.Value, rest))
            {
                yield return value;
            }
        }
    }

    private static bool LooksLikeJson(string value) => value.StartsWith('[') || value.StartsWith('{');

    private static List<string> FromJson(string json, string? path)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var node = document.RootElement;
            foreach (var member in (path ?? "").Split('.', StringSplitOptions.RemoveEmptyEntries))
            {
                if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(member, out node))
                {
                    return [];
                }
            }

            return node.ValueKind switch
            {
                JsonValueKind.Array => [.. node.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)],
                JsonValueKind.String => [node.GetString()!],
                _ => [],
            };
        }
        catch (JsonException)
        {
            // A value that only looks like JSON is an ordinary value (and was never a path's target).
            return path is null ? [json] : [];
        }
    }
}
