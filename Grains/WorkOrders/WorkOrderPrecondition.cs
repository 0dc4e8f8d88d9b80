using FieldService.Grains.Common;
using FieldService.WorkOrders;

namespace FieldService.Grains.WorkOrders;

/// <summary>
/// Optimistic concurrency: a command may name the version of the order its caller last read (HTTP If-Match), and is
/// refused when the order has moved on since, so two people editing one order cannot act on a view that is gone.
/// Judged inside the grain's turn, just before the decision, so no other step can slip in between check and change.
/// </summary>
public static class WorkOrderPrecondition
{
    /// <summary>The refusal when <paramref name="expectedVersion"/> no longer names the order's version, else null.
    /// An order that does not exist, or that the caller may not act on, is left to the lifecycle's 404, so a
    /// precondition reveals nothing about an order the caller could not see.</summary>
    public static Failure? Refuse(string id, WorkOrder? order, WorkOrderCommand command, Actor actor, long? expectedVersion) =>
        expectedVersion is { } expected && order is not null && order.Version != expected && WorkOrderAccess.MayTake(order, command, actor)
            ? Failure.PreconditionFailed(
                $"Work order {id} has changed since version {expected} was read: it is now at version {order.Version} and {Kebab.Of(order.Status)}. Read it again and decide on what it is now.",
                Kebab.Of(order.Status),
                order.Version)
            : null;
}
