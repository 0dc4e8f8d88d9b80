namespace FieldService.WorkOrders;

/// <summary>The product under repair; <paramref name="Critical"/> marks critical equipment (Q3: 100% inspection).</summary>
[GenerateSerializer, Immutable, Alias("fs.Product")]
public sealed record Product(
    [property: Id(0)] string Model,
    [property: Id(1)] string SerialNumber,
    [property: Id(2)] string Category,
    [property: Id(3)] bool Critical);
