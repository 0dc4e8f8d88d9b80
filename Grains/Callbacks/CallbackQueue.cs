using FieldService.Callbacks;
using FieldService.Clocks;
using FieldService.WorkOrders;

namespace FieldService.Grains.Callbacks;

/// <summary>P9: which orders customer service has to call back, and in which order: the most overdue first, then the
/// soonest due. Pure: the web host reads the orders, this decides.</summary>
public static class CallbackQueue
{
    /// <summary>The states in which an order waits for its callback (the P9 clock starts at completion and stops when
    /// the callback is recorded). New waiting states are added here.</summary>
    public static IReadOnlyList<WorkOrderStatus> WaitingStatuses { get; } =
        [WorkOrderStatus.AwaitingInspection, WorkOrderStatus.Completed, WorkOrderStatus.CustomerAccepted, WorkOrderStatus.CleanedUp];

    /// <summary>Most orders the queue shows (and reads) at once; agents work from the top.</summary>
    public const int MaxListed = CallbackDue.MaxListed;

    /// <summary>The order's line in the queue, or null when it is not waiting for a callback. A callback clock that has
    /// already breached (escalated to the CS lead) still waits for the call: it stays, as overdue.</summary>
    public static CallbackDue? Of(WorkOrder order, DateTimeOffset now)
    {
        if (!WaitingStatuses.Contains(order.Status)
            || order.Clocks.LastOrDefault(c => c.Kind == ClockKind.Callback && c.MetAt is null && c.StoppedAt is null) is not { } clock)
        {
            return null;
        }

        return new CallbackDue(order.Id, order.Status, order.Region, order.TechnicianId, order.Customer.Name, order.Customer.Phone,
            order.Product.Model, order.CompletedAt, clock.DueAt, clock.DueAt <= now);
    }

    /// <summary>The queue: waiting orders by due time (overdue ones are due earliest), at most <see cref="MaxListed"/>.</summary>
    public static IReadOnlyList<CallbackDue> Build(IEnumerable<WorkOrder> orders, DateTimeOffset now) =>
        orders.Select(o => Of(o, now)).OfType<CallbackDue>()
            .OrderBy(c => c.DueAt).ThenBy(c => c.WorkOrderId, StringComparer.Ordinal)
            .Take(MaxListed)
            .ToList();
}
