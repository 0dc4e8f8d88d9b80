using System.Security.Cryptography;
using System.Text;

namespace FieldService.Escalations;

/// <summary>Escalation ids derived from what is escalated, so that raising the same thing twice meets one grain.</summary>
public static class EscalationIds
{
    public static string For(string team, string key) =>
        $"{team}.{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 10))}";
}
