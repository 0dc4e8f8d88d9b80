namespace FieldService.WorkOrders;

/// <summary>P5: expected repair time and cost for a complex fault.</summary>
[GenerateSerializer, Immutable, Alias("fs.Estimate")]
public sealed record Estimate([property: Id(0)] TimeSpan Duration, [property: Id(1)] decimal Cost);
