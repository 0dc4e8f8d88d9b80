namespace FieldService.Technicians;

/// <summary>What the repair department records about a technician (H1).</summary>
[GenerateSerializer, Immutable, Alias("fs.TechnicianProfile")]
public sealed record TechnicianProfile(
    [property: Id(0)] string Name,
    [property: Id(1)] string Region,
    [property: Id(2)] IReadOnlyList<Skill> Skills,
    [property: Id(3)] GeoPoint Home,
    [property: Id(4)] int Capacity,
    [property: Id(5)] Shift? Shift);
