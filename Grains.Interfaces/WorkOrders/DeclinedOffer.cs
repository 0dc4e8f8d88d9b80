namespace FieldService.WorkOrders;

/// <summary>P3: a technician turned the offer down.</summary>
[GenerateSerializer, Immutable, Alias("fs.DeclinedOffer")]
public sealed record DeclinedOffer([property: Id(0)] string TechnicianId, [property: Id(1)] string Reason, [property: Id(2)] DateTimeOffset At);
