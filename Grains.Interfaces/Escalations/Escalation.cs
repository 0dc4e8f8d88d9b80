namespace FieldService.Escalations;

/// <summary>A breach (or other alarm) raised to a team, waiting for a person to acknowledge it.</summary>
/// <param name="Id">Globally unique: <c>{team}.{hash of what was escalated}</c>, so raising twice names the same escalation.</param>
/// <param name="AssignedTo">The roster member it is currently raised to (teams with a roster), else null.</param>
/// <param name="Raises">How often it was raised: 1, then +1 each time nobody acknowledged in time.</param>
[GenerateSerializer, Immutable, Alias("fs.Escalation")]
public sealed record Escalation(
    [property: Id(0)] string Id,
    [property: Id(1)] string Team,
    [property: Id(2)] string WorkOrderId,
    [property: Id(3)] string Clause,
    [property: Id(4)] string Reason,
    [property: Id(5)] DateTimeOffset RaisedAt,
    [property: Id(6)] string? AssignedTo,
    [property: Id(7)] int Raises,
    [property: Id(8)] DateTimeOffset? NextRaiseAt,
    [property: Id(9)] DateTimeOffset? AcknowledgedAt,
    [property: Id(10)] string? AcknowledgedBy,
    [property: Id(11)] long Version);
