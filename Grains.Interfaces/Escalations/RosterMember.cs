namespace FieldService.Escalations;

/// <summary>E1: a named member of a response team, their role in it, and whether they are on call.</summary>
[GenerateSerializer, Immutable, Alias("fs.RosterMember")]
public sealed record RosterMember(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Role,
    [property: Id(3)] bool OnCall);
