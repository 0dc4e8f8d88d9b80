namespace FieldService.Grains.WorkOrders;

/// <summary>A step the order applied under an idempotency key: the key, a fingerprint of who sent which command
/// (so the key cannot be reused for another one), and the version the step made.</summary>
[GenerateSerializer, Immutable, Alias("fs.IdempotentStep")]
public sealed record IdempotentStep([property: Id(0)] string Key, [property: Id(1)] string Fingerprint, [property: Id(2)] long Version);
