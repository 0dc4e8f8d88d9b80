namespace FieldService.WorkOrders;

/// <summary>The designated channel a fault was reported through (P1).</summary>
public enum Channel
{
    Phone,
    Email,
    Chat,
    Web,
}
