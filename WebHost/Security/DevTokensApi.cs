using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using FieldService.WebHost.Apis;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FieldService.WebHost.Security;

public sealed record DevTokenRequest(
    [Required, MaxLength(64)] string? UserId,
    [Required] IReadOnlyList<string?>? Roles,
    [MaxLength(64)] string? TechnicianId,
    [MaxLength(64)] string? CustomerId,
    [MaxLength(Validation.MaxName)] string? Name);

public sealed record DevTokenResponse(string Token, DateTimeOffset ExpiresAt);

/// <summary>Demo and test sign-in: a signed token for any user and roles. Mapped only when <c>Auth:DevTokens</c> is on.</summary>
public static class DevTokensApi
{
    public static RouteGroupBuilder MapDevTokensApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/dev").WithTags("Dev tokens");
        api.MapPost("tokens", Issue).WithName("IssueDevToken").WithSummary("Demo sign-in: a token for any user and roles");
        return api;
    }

    private static Results<Ok<DevTokenResponse>, ProblemHttpResult> Issue(
        DevTokenRequest? body, TokenKeys keys, IOptions<AuthOptions> options, TimeProvider time)
    {
        if (body is null)
        {
            return Problems.MissingBody();
        }

        var v = new Validation().Identifier("userId", body.UserId).Optional("name", body.Name, Validation.MaxName);
        var roles = (body.Roles ?? []).Select(r => r ?? "").ToArray();
        if (roles.Length == 0)
        {
            v.Add("roles", $"must name at least one of: {string.Join(", ", FieldService.Roles.All)}");
        }

        foreach (var unknown in roles.Where(r => !FieldService.Roles.All.Contains(r)))
        {
            v.Add("roles", $"'{unknown}' is not a role; roles are {string.Join(", ", FieldService.Roles.All)}");
        }

        if (roles.Contains(FieldService.Roles.Technician))
        {
            v.Identifier("technicianId", body.TechnicianId);
        }

        if (roles.Contains(FieldService.Roles.Customer))
        {
            v.Identifier("customerId", body.CustomerId);
        }

        if (v.ToFailure() is { } invalid)
        {
            return Problems.From(invalid);
        }

        var now = time.GetUtcNow();
        var expires = now + options.Value.TokenLifetime;
        var claims = new List<Claim> { new(Claims.Subject, body.UserId!), new(Claims.Name, body.Name ?? body.UserId!) };
        claims.AddRange(roles.Distinct().Select(r => new Claim(Claims.Role, r)));
        if (body.TechnicianId is { } technicianId && roles.Contains(FieldService.Roles.Technician))
        {
            claims.Add(new Claim(Claims.TechnicianId, technicianId));
        }

        if (body.CustomerId is { } customerId && roles.Contains(FieldService.Roles.Customer))
        {
            claims.Add(new Claim(Claims.CustomerId, customerId));
        }

        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = options.Value.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(keys.SigningKey, SecurityAlgorithms.HmacSha256),
        });
        return TypedResults.Ok(new DevTokenResponse(token, expires));
    }
}

/// <summary>The claims the platform reads from a token.</summary>
public static class Claims
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Role = "role";
    public const string TechnicianId = "technician_id";
    public const string CustomerId = "customer_id";
}
