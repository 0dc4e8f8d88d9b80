using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FieldService.Tests.Infrastructure;

/// <summary>Mints tokens directly, to test what the dev-token endpoint would never hand out.</summary>
public static class Tokens
{
    public static string Mint(
        string userId,
        string roles,
        DateTimeOffset now,
        TimeSpan? lifetime = null,
        string key = Personas.TestSigningKey,
        string issuer = "fieldservice",
        string audience = "fieldservice",
        string? technicianId = null)
    {
        var claims = new List<Claim> { new("sub", userId) };
        claims.AddRange(roles.Split('+').Select(r => new Claim("role", r)));
        if (technicianId is not null)
        {
            claims.Add(new Claim("technician_id", technicianId));
        }

        var life = lifetime ?? TimeSpan.FromHours(1);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = (now - TimeSpan.FromHours(2)).UtcDateTime,
            NotBefore = (now - TimeSpan.FromHours(2)).UtcDateTime,
            Expires = (now + life).UtcDateTime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>A token with the header <c>alg: none</c> and no signature.</summary>
    public static string Unsigned(string userId, string roles)
    {
        static string Encode(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
        var exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        var roleJson = string.Join(',', roles.Split('+').Select(r => $"\"{r}\""));
        return Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." +
               Encode($"{{\"sub\":\"{userId}\",\"role\":[{roleJson}],\"iss\":\"fieldservice\",\"aud\":\"fieldservice\",\"exp\":{exp}}}") + ".";
    }
}
