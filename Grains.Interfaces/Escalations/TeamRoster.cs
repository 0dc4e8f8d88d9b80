namespace FieldService.Escalations;

/// <summary>One team's whole roster, as a live stream carries it (applying it needs no earlier state).</summary>
[GenerateSerializer, Immutable, Alias("fs.TeamRoster")]
public sealed record TeamRoster(
    [property: Id(0)] string Team,
    [property: Id(1)] IReadOnlyList<RosterMember> Members);
