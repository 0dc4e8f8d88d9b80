namespace FieldService.WorkOrders;

/// <summary>A spare part the repair waits for (P6, M3).</summary>
[GenerateSerializer, Immutable, Alias("fs.PartNeed")]
public sealed record PartNeed([property: Id(0)] string Sku, [property: Id(1)] int Quantity, [property: Id(2)] string? Description);

/// <summary>Units of a part from one bin, held for or used by a work order (Q2: traceable to the repair).</summary>
[GenerateSerializer, Immutable, Alias("fs.PartLine")]
public sealed record PartLine([property: Id(0)] string Location, [property: Id(1)] string Sku, [property: Id(2)] int Quantity);
