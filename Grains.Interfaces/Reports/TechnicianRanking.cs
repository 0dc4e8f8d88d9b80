namespace FieldService.Reports;

/// <summary>H2: every technician with recorded activity in [From, To) (of one region, if given), best first.</summary>
[GenerateSerializer, Immutable, Alias("fs.TechnicianRanking")]
public sealed record TechnicianRanking(
    [property: Id(0)] DateTimeOffset From,
    [property: Id(1)] DateTimeOffset To,
    [property: Id(2)] string? Region,
    [property: Id(3)] IReadOnlyList<RankedTechnician> Technicians);
