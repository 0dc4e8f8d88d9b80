namespace FieldService.WorkOrders;

/// <summary>Urgency of a work order; emergencies follow E2.</summary>
public enum Priority
{
    Emergency,
    High,
    Normal,
    Low,
}
