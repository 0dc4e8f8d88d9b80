namespace FieldService.Notifications;

/// <summary>The languages the platform writes to customers in (the pages speak the same two).</summary>
public static class NotificationLanguages
{
    public const string Chinese = "zh-CN";
    public const string English = "en";

    public static readonly IReadOnlyList<string> All = [Chinese, English];

    /// <summary>The supported spelling of <paramref name="language"/> (case-insensitive), or null when unsupported.</summary>
    public static string? Normalize(string? language) =>
        All.FirstOrDefault(l => string.Equals(l, language?.Trim(), StringComparison.OrdinalIgnoreCase));
}
