namespace FieldService.Technicians;

/// <summary>A skill a technician has, at a level (1 = trainee … 5 = expert).</summary>
[GenerateSerializer, Immutable, Alias("fs.Skill")]
public sealed record Skill([property: Id(0)] string Name, [property: Id(1)] int Level);
