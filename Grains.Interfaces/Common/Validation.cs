namespace FieldService;

/// <summary>Collects field errors (camelCase JSON paths) so a refusal names every bad field at once.</summary>
public sealed class Validation
{
    /// <summary>Longest free text accepted (notes, descriptions).</summary>
    public const int MaxText = 4000;

    /// <summary>Longest name-like value (names, models, skills).</summary>
    public const int MaxName = 200;

    /// <summary>Longest duration accepted anywhere (estimates): a year. Far from <see cref="TimeSpan.MaxValue"/>, so
    /// adding it to a timestamp or summing many of them cannot overflow.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(366);

    /// <summary>How far ahead a promised time (an ETA) may lie: a month, so deadlines derived from it stay in range.</summary>
    public static readonly TimeSpan MaxLeadTime = TimeSpan.FromDays(31);

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

    /// <summary>A positive duration of at most <see cref="MaxDuration"/>.</summary>
    public Validation Duration(string field, TimeSpan value)
    {
        if (value <= TimeSpan.Zero || value > MaxDuration)
        {
            Add(field, $"must be positive and at most {(int)MaxDuration.TotalDays} days (P{(int)MaxDuration.TotalDays}D)");
        }

        return this;
    }

    /// <summary>A promised time: after <paramref name="now"/> and at most <see cref="MaxLeadTime"/> ahead.</summary>
    public Validation Future(string field, DateTimeOffset value, DateTimeOffset now)
    {
        if (value <= now)
        {
            Add(field, "must be in the future");
        }
        else if (value - now > MaxLeadTime)
        {
            Add(field, $"must be at most {(int)MaxLeadTime.TotalDays} days ahead");
        }

        return this;
    }

    /// <summary>A range query's bounds, either optional: <c>to</c> must not come before <c>from</c>.</summary>
    public Validation Period(DateTimeOffset? from, DateTimeOffset? to, string fromField = "from", string toField = "to")
    {
        if (from is { } f && to is { } t && t < f)
        {
            Add(toField, $"must not be before {fromField}");
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
