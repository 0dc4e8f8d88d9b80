namespace FieldService.Parts;

/// <summary>A spare part in the catalog (M1): what it is, what it costs, what it fits. <see cref="PartClass"/> (A, B or C)
/// sets how often its bins are counted.</summary>
[GenerateSerializer, Immutable, Alias("fs.PartSku")]
public sealed record PartSku(
    [property: Id(0)] string Sku,
    [property: Id(1)] string Name,
    [property: Id(2)] string Unit,
    [property: Id(3)] decimal UnitCost,
    [property: Id(4)] IReadOnlyList<string> Categories,
    [property: Id(5)] bool Critical,
    [property: Id(6)] string PartClass);

/// <summary>A supplier (M1: parts are bought from qualified suppliers only).</summary>
[GenerateSerializer, Immutable, Alias("fs.Supplier")]
public sealed record Supplier([property: Id(0)] string Id, [property: Id(1)] string Name, [property: Id(2)] bool Qualified);
