namespace FieldService;

/// <summary>One page of a listing.</summary>
[GenerateSerializer, Immutable, Alias("fs.Page`1")]
public sealed record Page<T>(
    [property: Id(0)] IReadOnlyList<T> Items,
    [property: Id(1)] int PageNumber,
    [property: Id(2)] int PageSize,
    [property: Id(3)] long Total);
