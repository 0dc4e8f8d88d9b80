namespace FieldService.WorkOrders;

/// <summary>P7: the customer's sign-off. <paramref name="Image"/> is the signature as data (a data URL or base64 PNG).</summary>
[GenerateSerializer, Immutable, Alias("fs.CustomerSignature")]
public sealed record CustomerSignature(
    [property: Id(0)] string SignedBy,
    [property: Id(1)] string Image,
    [property: Id(2)] DateTimeOffset SignedAt,
    [property: Id(3)] IReadOnlyList<PartLine>? Parts = null);
