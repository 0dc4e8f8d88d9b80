namespace FieldService.WorkOrders;

/// <summary>E2/P4: the technician got in touch with the customer.</summary>
[GenerateSerializer, Immutable, Alias("fs.CustomerContact")]
public sealed record CustomerContact([property: Id(0)] string Channel, [property: Id(1)] string? Notes, [property: Id(2)] DateTimeOffset At, [property: Id(3)] string By);
