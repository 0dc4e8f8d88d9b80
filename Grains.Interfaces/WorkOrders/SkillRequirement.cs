namespace FieldService.WorkOrders;

/// <summary>A skill at a level (1 = trainee … 5 = expert).</summary>
[GenerateSerializer, Immutable, Alias("fs.SkillRequirement")]
public sealed record SkillRequirement([property: Id(0)] string Skill, [property: Id(1)] int Level);
