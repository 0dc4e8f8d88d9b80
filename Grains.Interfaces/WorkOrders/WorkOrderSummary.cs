namespace FieldService.WorkOrders;

/// <summary>A work order's line in listings (the queryable index kept beside the grains).</summary>
[GenerateSerializer, Immutable, Alias("fs.WorkOrderSummary")]
public sealed record WorkOrderSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] WorkOrderStatus Status,
    [property: Id(2)] Priority Priority,
    [property: Id(3)] string Region,
    [property: Id(4)] string? TechnicianId,
    [property: Id(5)] string CustomerName,
    [property: Id(6)] string ProductModel,
    [property: Id(7)] bool Critical,
    [property: Id(8)] DateTimeOffset ReportedAt,
    [property: Id(9)] DateTimeOffset UpdatedAt,
    [property: Id(10)] long Version,
    [property: Id(11)] string? CustomerId)
{
    public static WorkOrderSummary Of(WorkOrder order) => new(
        order.Id, order.Status, order.Priority, order.Region, order.TechnicianId, order.Customer.Name,
        order.Product.Model, order.Product.Critical, order.ReportedAt, order.UpdatedAt, order.Version, order.CustomerId);
}
