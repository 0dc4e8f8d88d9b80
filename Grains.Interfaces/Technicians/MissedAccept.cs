namespace FieldService.Technicians;

/// <summary>P3: an offer the technician did not accept within the deadline; it was withdrawn.</summary>
[GenerateSerializer, Immutable, Alias("fs.MissedAccept")]
public sealed record MissedAccept([property: Id(0)] string WorkOrderId, [property: Id(1)] DateTimeOffset At);
