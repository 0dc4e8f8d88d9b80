
namespace FieldService.WebHost.Apis;

/// <summary>Reads kebab-case enum values from requests, naming the field and the accepted values when wrong.</summary>
public static class EnumField
{
    public static TEnum? Parse<TEnum>(string? value, string field, Validation validation, bool required = true)
        where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                validation.Add(field, "is required");
            }

            return null;
        }

        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (Kebab.Of(candidate) == value)
            {
                return candidate;
            }
        }

        validation.Add(field, $"must be one of: {string.Join(", ", Enum.GetValues<TEnum>().Select(Kebab.Of))}");
        return null;
    }
}
