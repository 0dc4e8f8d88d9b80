namespace FieldService.WorkOrders;

/// <summary>The fault as the customer described it, and how it reached us.</summary>
[GenerateSerializer, Immutable, Alias("fs.Fault")]
public sealed record Fault([property: Id(0)] string Description, [property: Id(1)] Channel Channel);
