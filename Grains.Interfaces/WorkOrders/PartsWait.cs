namespace FieldService.WorkOrders;

/// <summary>A period in which the repair waited for parts.</summary>
[GenerateSerializer, Immutable, Alias("fs.PartsWait")]
public sealed record PartsWait(
    [property: Id(0)] IReadOnlyList<PartNeed> Parts,
    [property: Id(1)] DateTimeOffset Since,
    [property: Id(2)] DateTimeOffset? Until);
