namespace FieldService.Clocks;

/// <summary>A message the platform sent about an order. <paramref name="To"/> names a party (<c>customer</c>,
/// <c>dispatcher</c>, <c>technician</c>, a team), never an address: addresses stay in the customer record (H3).</summary>
[GenerateSerializer, Immutable, Alias("fs.Notification")]
public sealed record Notification(
    [property: Id(0)] string To,
    [property: Id(1)] string Channel,
    [property: Id(2)] string Text,
    [property: Id(3)] DateTimeOffset At);
