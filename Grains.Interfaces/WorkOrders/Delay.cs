namespace FieldService.WorkOrders;

/// <summary>P4: a delay the technician announced, with the reason and the new ETA.</summary>
[GenerateSerializer, Immutable, Alias("fs.Delay")]
public sealed record Delay(
    [property: Id(0)] DateTimeOffset NewEta,
    [property: Id(1)] string Reason,
    [property: Id(2)] DateTimeOffset AnnouncedAt,
    [property: Id(3)] string By);
