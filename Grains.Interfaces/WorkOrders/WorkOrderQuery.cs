namespace FieldService.WorkOrders;

/// <summary>Filter and page for the work-order listing; null filters match everything.</summary>
[GenerateSerializer, Immutable, Alias("fs.WorkOrderQuery")]
public sealed record WorkOrderQuery(
    [property: Id(0)] WorkOrderStatus? Status,
    [property: Id(1)] string? Region,
    [property: Id(2)] string? TechnicianId,
    [property: Id(3)] int PageNumber,
    [property: Id(4)] int PageSize,
    [property: Id(5)] string? CustomerId = null);
