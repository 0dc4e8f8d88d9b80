namespace FieldService.WorkOrders;

/// <summary>Limits of a work order's contents that the lifecycle enforces and the API describes (maxLength): one
/// definition, so the document cannot promise other bounds than the grain applies.</summary>
public static class WorkOrderLimits
{
    /// <summary>Longest signature image accepted, in characters of its data URL or base64 text (P7): 512 KiB.</summary>
    public const int MaxSignatureLength = 512 * 1024;
}
