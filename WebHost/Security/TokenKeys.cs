using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace FieldService.WebHost.Security;

/// <summary>The key tokens are signed and checked with: the configured one, or one made at start in the embedded
/// mode (tokens then die with the process, like everything else there).</summary>
public sealed class TokenKeys(IOptions<AuthOptions> options)
{
    public SymmetricSecurityKey SigningKey { get; } = new(
        options.Value.SigningKey is { Length: > 0 } configured ? Encoding.UTF8.GetBytes(configured) : RandomNumberGenerator.GetBytes(32));
}
