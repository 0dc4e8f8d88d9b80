namespace FieldService.Complaints;

/// <summary>What opening a complaint records: the work order it is about, its category and the customer's own words.</summary>
[GenerateSerializer, Immutable, Alias("fs.ComplaintOpening")]
public sealed record ComplaintOpening(
    [property: Id(0)] string WorkOrderId,
    [property: Id(1)] ComplaintCategory Category,
    [property: Id(2)] string CustomerWords);
