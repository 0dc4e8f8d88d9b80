using FieldService.Audit;
using FieldService.WorkOrders;

namespace FieldService.Grains.WorkOrders;

/// <summary>A decided step: the order after it, and the history entry that records it.</summary>
public sealed record WorkOrderChange(WorkOrder Order, AuditEntry Entry);
