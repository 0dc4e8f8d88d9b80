using FieldService.WorkOrders;

namespace FieldService.Dispatching;

/// <summary>An order waiting in its region's queue (urgency first, then age) and why it has not gone out yet.</summary>
[GenerateSerializer, Immutable, Alias("fs.QueuedOrder")]
public sealed record QueuedOrder(
    [property: Id(0)] string WorkOrderId,
    [property: Id(1)] Priority Priority,
    [property: Id(2)] DateTimeOffset ReportedAt,
    [property: Id(3)] DateTimeOffset WaitingSince,
    [property: Id(4)] string Trigger,
    [property: Id(5)] string? WaitingBecause,
    [property: Id(6)] int Attempts);
