namespace FieldService.WorkOrders;

/// <summary>A work order as one caller reads it: the order with what they may not see masked (H3), and the lifecycle
/// actions they may take now, judged by the same rules that judge the command.</summary>
/// <param name="AllowedActions">Lifecycle action names (as the audit trail spells them), legal from the order's state
/// and permitted to this caller on this order; which of them the caller's roles may call is the web host's table.</param>
[GenerateSerializer, Immutable, Alias("fs.WorkOrderRead")]
public sealed record WorkOrderRead([property: Id(0)] WorkOrder Order, [property: Id(1)] IReadOnlyList<string> AllowedActions);
