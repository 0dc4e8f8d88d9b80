using FieldService.Audit;
using FieldService.WorkOrders;

namespace FieldService.Grains.WorkOrders;

/// <summary>A decided step: the order after it, the history entry that records it, and what it entails for other
/// grains (<see cref="WorkOrderEffects"/>), persisted together.</summary>
public sealed record WorkOrderChange(WorkOrder Order, AuditEntry Entry)
{
    public IReadOnlyList<OrderEffect> Effects { get; init; } = [];
}
