namespace FieldService.WorkOrders;

/// <summary>An agreed arrival window (P4).</summary>
[GenerateSerializer, Immutable, Alias("fs.TimeWindow")]
public sealed record TimeWindow([property: Id(0)] DateTimeOffset From, [property: Id(1)] DateTimeOffset To);
