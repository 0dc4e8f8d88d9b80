using FieldService.WorkOrders;

namespace FieldService.Callbacks;

/// <summary>P9: an order customer service has to call back, as the agent's queue shows it. Carries the customer's
/// phone: the queue is for customer service only (H3).</summary>
/// <param name="DueAt">When the P9 callback clock runs out (24 h after completion by default).</param>
/// <param name="Overdue">The clock has run out and nobody has recorded the callback yet.</param>
[GenerateSerializer, Immutable, Alias("fs.CallbackDue")]
public sealed record CallbackDue(
    [property: Id(0)] string WorkOrderId,
    [property: Id(1)] WorkOrderStatus Status,
    [property: Id(2)] string Region,
    [property: Id(3)] string? TechnicianId,
    [property: Id(4)] string CustomerName,
    [property: Id(5)] string? CustomerPhone,
    [property: Id(6)] string ProductModel,
    [property: Id(7)] DateTimeOffset? CompletedAt,
    [property: Id(8)] DateTimeOffset DueAt,
    [property: Id(9)] bool Overdue)
{
    /// <summary>Most orders the queue shows (and reads) at once; agents work from the top.</summary>
    public const int MaxListed = 500;
}
