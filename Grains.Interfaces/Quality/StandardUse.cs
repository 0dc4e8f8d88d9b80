namespace FieldService.Quality;

/// <summary>Q1: an order whose self-check was made against a version of a standard (so its inspection is too).</summary>
[GenerateSerializer, Immutable, Alias("fs.StandardUse")]
public sealed record StandardUse(
    [property: Id(0)] string WorkOrderId,
    [property: Id(1)] string? TechnicianId,
    [property: Id(2)] DateTimeOffset CheckedAt,
    [property: Id(3)] bool Passed);
