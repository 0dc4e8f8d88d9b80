namespace FieldService.Quality;

/// <summary>
/// Q1: which orders were checked against one version of one category's standard. One grain per version (key
/// <see cref="StandardUsage.Key"/>), apart from the standard itself, so a busy version's list never weighs on
/// publishing. Fed by the orders' follow-ups (an outbox). The list itself is kept in the records (one row per
/// use), so a use costs the same however long the version's list already is.
/// </summary>
[Alias("fs.IStandardUsageGrain")]
public interface IStandardUsageGrain : IGrainWithStringKey
{
    /// <summary>Records the order's self-check against this version. Idempotent per order: a repeat changes nothing.</summary>
    Task RecordAsync(StandardUse use);

    /// <summary>The orders checked against this version, most recent first.</summary>
    Task<Page<StandardUse>> ListAsync(int pageNumber, int pageSize);
}

public static class StandardUsage
{
    public static string Key(string category, int version) => $"{category}/v{version}";

    /// <summary>The category and version a <see cref="Key"/> names.</summary>
    public static (string Category, int Version) Parse(string key)
    {
        var cut = key.LastIndexOf("/v", StringComparison.Ordinal);
        return cut > 0 && int.TryParse(key.AsSpan(cut + 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version)
            ? (key[..cut], version)
            : throw new ArgumentException($"'{key}' is not a standard version's key (category/vN).", nameof(key));
    }
}
