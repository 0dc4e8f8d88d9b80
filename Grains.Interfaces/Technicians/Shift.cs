namespace FieldService.Technicians;

/// <summary>Daily working hours in UTC; <see cref="End"/> before <see cref="Start"/> means the shift runs past midnight.</summary>
[GenerateSerializer, Immutable, Alias("fs.Shift")]
public sealed record Shift([property: Id(0)] TimeOnly Start, [property: Id(1)] TimeOnly End);
