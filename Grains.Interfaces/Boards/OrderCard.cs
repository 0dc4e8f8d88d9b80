using FieldService.Clocks;
using FieldService.WorkOrders;

namespace FieldService.Boards;

/// <summary>A work order as boards show it: status, who has it, its clocks, the channel it came by and how many mail or
/// chat messages its thread holds (CS1). No customer contact data (H3).</summary>
/// <param name="Deliveries">Issue 16: how many of its customer notices have a final delivery (sent, failed, opted out).
/// A delivery does not change the order's version, so a page that follows the order by version compares this too.</param>
/// <param name="FailedDeliveries">Customer notices that could not be delivered and wait for customer service's call.</param>
[GenerateSerializer, Immutable, Alias("fs.OrderCard")]
public sealed record OrderCard(
    [property: Id(0)] string Id,
    [property: Id(1)] WorkOrderStatus Status,
    [property: Id(2)] Priority Priority,
    [property: Id(3)] string Region,
    [property: Id(4)] string? TechnicianId,
    [property: Id(5)] string CustomerName,
    [property: Id(6)] string ProductModel,
    [property: Id(7)] bool Critical,
    [property: Id(8)] DateTimeOffset ReportedAt,
    [property: Id(9)] DateTimeOffset? Eta,
    [property: Id(10)] IReadOnlyList<SlaClock> Clocks,
    [property: Id(11)] long Version,
    [property: Id(12)] DateTimeOffset UpdatedAt,
    [property: Id(13)] int Deliveries = 0,
    [property: Id(14)] Channel Channel = Channel.Phone,
    [property: Id(15)] int Messages = 0,
    [property: Id(16)] int FailedDeliveries = 0)
{
    /// <summary>Most open orders a board's snapshot carries.</summary>
    public const int MaxSnapshot = 500;

    public static OrderCard Of(WorkOrder order) => new(
        order.Id, order.Status, order.Priority, order.Region, order.TechnicianId, order.Customer.Name, order.Product.Model, order.Product.Critical,
        order.ReportedAt, order.Eta, order.Clocks, order.Version, order.UpdatedAt, order.Notifications.Count(n => n.Delivery is { IsFinal: true }),
        order.Fault.Channel, order.Thread.Count, order.Notifications.Count(n => n.Delivery is { Status: NotificationDelivery.Failed }));
}
