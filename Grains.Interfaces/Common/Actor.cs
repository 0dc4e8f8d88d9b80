namespace FieldService;

/// <summary>Who performs an action: the authenticated user, the roles they hold (joined with '+'), and the technician
/// or customer record their identity is bound to.</summary>
/// <remarks>Comes from the caller's identity, never from a request body.</remarks>
[GenerateSerializer, Immutable, Alias("fs.Actor")]
public sealed record Actor(
    [property: Id(0)] string Id,
    [property: Id(1)] string Role,
    [property: Id(2)] string? TechnicianId = null,
    [property: Id(3)] string? CustomerId = null)
{
    /// <summary>The platform itself (clocks, automatic dispatch, seeding).</summary>
    public static Actor System { get; } = new("system", "system");

    public bool IsSystem => Role == System.Role;

    public bool Has(string role) => Role.Split('+').Contains(role, StringComparer.Ordinal);

    /// <summary>True when every role held sees only its own records (customer, technician).</summary>
    public bool IsScoped => !IsSystem && Role.Split('+').All(r => Roles.Scoped.Contains(r));
}
