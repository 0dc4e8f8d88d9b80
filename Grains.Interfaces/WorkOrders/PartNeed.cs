namespace FieldService.WorkOrders;

/// <summary>A spare part the repair waits for (P6, M3).</summary>
[GenerateSerializer, Immutable, Alias("fs.PartNeed")]
public sealed record PartNeed([property: Id(0)] string Sku, [property: Id(1)] int Quantity, [property: Id(2)] string? Description);
