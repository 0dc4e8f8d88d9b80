namespace FieldService.Escalations;

/// <summary>E1: the plan for one kind of emergency (major equipment failure, natural disaster, …), versioned so an
/// order records which version it was handled under and E3 reviews can revise it.</summary>
[GenerateSerializer, Immutable, Alias("fs.EmergencyPlan")]
public sealed record EmergencyPlan(
    [property: Id(0)] string IncidentType,
    [property: Id(1)] string Name,
    [property: Id(2)] IReadOnlyList<string> Steps,
    [property: Id(3)] int Version,
    [property: Id(4)] DateTimeOffset UpdatedAt,
    [property: Id(5)] string UpdatedBy);
