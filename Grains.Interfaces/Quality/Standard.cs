namespace FieldService.Quality;

/// <summary>Q1: one inspection item of a repair standard: what is checked and how.</summary>
[GenerateSerializer, Immutable, Alias("fs.ChecklistItem")]
public sealed record ChecklistItem([property: Id(0)] string Id, [property: Id(1)] string Text, [property: Id(2)] string Method);

/// <summary>
/// Q1: a version of the repair standard of one product category — the checklist a technician self-checks against
/// and an inspector inspects against. Technical support publishes a new version; published versions never change.
/// </summary>
[GenerateSerializer, Immutable, Alias("fs.Standard")]
public sealed record Standard(
    [property: Id(0)] string Category,
    [property: Id(1)] int Version,
    [property: Id(2)] IReadOnlyList<ChecklistItem> Items,
    [property: Id(3)] string? Notes,
    [property: Id(4)] DateTimeOffset PublishedAt,
    [property: Id(5)] string PublishedBy);

/// <summary>The standard every category without one of its own is checked against.</summary>
public static class Standards
{
    /// <summary>The category whose standard applies when a product category has none published.</summary>
    public const string General = "general";

    /// <summary>Version 1 of the general standard, built in so that a new installation can complete repairs; technical
    /// support replaces it by publishing version 2 of <see cref="General"/>.</summary>
    public static Standard BuiltInGeneral { get; } = new(General, 1,
    [
        new ChecklistItem("function-test", "The product works as specified", "Run the product through its normal operating cycle"),
        new ChecklistItem("safety", "Safety devices, earthing and guards are in place", "Visual check and earth-continuity test"),
        new ChecklistItem("fault-cleared", "The reported fault no longer occurs", "Reproduce the customer's reported conditions"),
    ], "built-in default", DateTimeOffset.UnixEpoch, "system");
}

/// <summary>Q1: the standards of one product category, every version kept. Keyed by the category.</summary>
[Alias("fs.IStandardGrain")]
public interface IStandardGrain : IGrainWithStringKey
{
    /// <summary>Publishes the next version (technical support).</summary>
    Task<Result<Standard>> PublishAsync(IReadOnlyList<ChecklistItem> items, string? notes, Actor actor);

    /// <summary>The newest version, or null when none was published (the general category has a built-in one).</summary>
    Task<Standard?> GetCurrentAsync();

    /// <summary>One version, or null.</summary>
    Task<Standard?> GetVersionAsync(int version);

    /// <summary>Every version, oldest first.</summary>
    Task<IReadOnlyList<Standard>> ListAsync();
}
