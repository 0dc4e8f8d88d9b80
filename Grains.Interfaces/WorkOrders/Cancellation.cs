namespace FieldService.WorkOrders;

/// <summary>Why and when an order was withdrawn.</summary>
[GenerateSerializer, Immutable, Alias("fs.Cancellation")]
public sealed record Cancellation([property: Id(0)] string Reason, [property: Id(1)] DateTimeOffset At, [property: Id(2)] string By);
