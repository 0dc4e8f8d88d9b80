namespace FieldService;

/// <summary>Who performs an action: the authenticated user and the role they acted in.</summary>
/// <remarks>Comes from the caller's identity, never from a request body.</remarks>
[GenerateSerializer, Immutable, Alias("fs.Actor")]
public sealed record Actor([property: Id(0)] string Id, [property: Id(1)] string Role)
{
    /// <summary>The platform itself (clocks, automatic dispatch, seeding).</summary>
    public static Actor System { get; } = new("system", "system");
}
