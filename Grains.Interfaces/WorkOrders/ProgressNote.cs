namespace FieldService.WorkOrders;

/// <summary>P6: a progress report to customer service.</summary>
[GenerateSerializer, Immutable, Alias("fs.ProgressNote")]
public sealed record ProgressNote([property: Id(0)] string Note, [property: Id(1)] DateTimeOffset At, [property: Id(2)] string By);
