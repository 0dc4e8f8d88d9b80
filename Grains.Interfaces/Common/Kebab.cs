using System.Text.Json;

namespace FieldService;

/// <summary>The kebab-case spelling the API and the audit trail use for enum values.</summary>
public static class Kebab
{
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum =>
        JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());
}
