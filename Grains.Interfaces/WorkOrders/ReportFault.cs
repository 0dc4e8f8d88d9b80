namespace FieldService.WorkOrders;

/// <summary>P1/P2: what customer service records when a fault is reported. <paramref name="Inbound"/> is the mail or
/// chat message the report came as (CS1), which starts the order's thread.</summary>
[GenerateSerializer, Immutable, Alias("fs.ReportFault")]
public sealed record ReportFault(
    [property: Id(0)] Customer Customer,
    [property: Id(1)] Product Product,
    [property: Id(2)] Fault Fault,
    [property: Id(3)] Priority Priority,
    [property: Id(4)] string Region,
    [property: Id(5)] SkillRequirement RequiredSkill,
    [property: Id(6)] string? Requirements,
    [property: Id(7)] TimeWindow? AgreedArrival,
    [property: Id(8)] string? CustomerId = null,
    [property: Id(9)] string? IncidentType = null,
    [property: Id(10)] ThreadMessage? Inbound = null);
