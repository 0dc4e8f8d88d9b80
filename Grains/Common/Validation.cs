namespace FieldService.Grains.Common;

/// <summary>Collects field errors (camelCase JSON paths) so a refusal names every bad field at once.</summary>
public sealed class Validation
{
    /// <summary>Longest free text accepted (notes, descriptions).</summary>
    public const int MaxText = 4000;

    /// <summary>Longest name-like value (names, models, skills).</summary>
    public const int MaxName = 200;

    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool IsValid => errors.Count == 0;

    public Validation Add(string field, string problem)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            errors[field] = list = [];
        }

        list.Add(problem);
        return this;
    }

    /// <summary>Requires a non-blank value of at most <paramref name="max"/> characters.</summary>
    public Validation Required(string field, string? value, int max = MaxName)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Add(field, "is required");
        }

        return Optional(field, value, max);
    }

    public Validation Optional(string field, string? value, int max = MaxText)
    {
        if (value is not null && value.Length > max)
        {
            Add(field, $"must be at most {max} characters");
        }

        return this;
    }

    public Validation Range(string field, double value, double min, double max)
    {
        if (double.IsNaN(value) || value < min || value > max)
        {
            Add(field, $"must be between {min} and {max}");
        }

        return this;
    }

    public Validation Position(string field, GeoPoint? point)
    {
        if (point is not null)
        {
            Range(field + ".lat", point.Lat, -90, 90);
            Range(field + ".lon", point.Lon, -180, 180);
        }

        return this;
    }

    /// <summary>An identifier usable in a URL: letters, digits, '-', '_' and '.'; 1–64 characters.</summary>
    public Validation Identifier(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Add(field, "is required");
        }

        if (!IsIdentifier(value))
        {
            Add(field, "must be 1–64 letters, digits, '-', '_' or '.'");
        }

        return this;
    }

    public static bool IsIdentifier(string value) =>
        value.Length is > 0 and <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    public Failure? ToFailure() => IsValid
        ? null
        : Failure.Invalid(errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
}
