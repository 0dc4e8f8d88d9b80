namespace FieldService.Technicians;

/// <summary>A period the technician is away ([From, To)); dispatch offers them nothing in it.</summary>
[GenerateSerializer, Immutable, Alias("fs.LeavePeriod")]
public sealed record LeavePeriod(
    [property: Id(0)] string Id,
    [property: Id(1)] DateTimeOffset From,
    [property: Id(2)] DateTimeOffset To,
    [property: Id(3)] string Reason);
