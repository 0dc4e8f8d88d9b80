namespace FieldService.Quality;

/// <summary>
/// Q1: which orders were checked against one version of one category's standard. One grain per version (key
/// <see cref="StandardUsage.Key"/>), apart from the standard itself, so a busy version's list never weighs on
/// publishing and each list ends when its version is replaced. Fed by the orders' follow-ups (an outbox).
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
}
