namespace FieldService.Complaints;

/// <summary>Filter and page for the complaint listing; null filters match everything.</summary>
[GenerateSerializer, Immutable, Alias("fs.ComplaintQuery")]
public sealed record ComplaintQuery(
    [property: Id(0)] ComplaintStatus? Status,
    [property: Id(1)] string? WorkOrderId,
    [property: Id(2)] string? TechnicianId,
    [property: Id(3)] string? CustomerId,
    [property: Id(4)] int PageNumber,
    [property: Id(5)] int PageSize);
