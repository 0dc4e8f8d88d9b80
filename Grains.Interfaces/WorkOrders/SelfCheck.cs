namespace FieldService.WorkOrders;

/// <summary>Q3/P7: the technician's test of the repair.</summary>
[GenerateSerializer, Immutable, Alias("fs.SelfCheck")]
public sealed record SelfCheck([property: Id(0)] bool Passed, [property: Id(1)] string? Notes, [property: Id(2)] DateTimeOffset At);
