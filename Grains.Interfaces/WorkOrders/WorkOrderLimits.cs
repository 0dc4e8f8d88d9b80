namespace FieldService.WorkOrders;

/// <summary>Limits of a work order's contents that the lifecycle enforces and the API describes (maxLength): one
/// definition, so the document cannot promise other bounds than the grain applies.</summary>
public static class WorkOrderLimits
{
    /// <summary>Longest signature image accepted, in characters of its data URL or base64 text (P7): 512 KiB.</summary>
    public const int MaxSignatureLength = 512 * 1024;

    /// <summary>Longest idempotency key a step may carry, in characters (a UUID is 36).</summary>
    public const int MaxIdempotencyKeyLength = 100;

    /// <summary>How many recent steps' idempotency keys an order remembers: more than the steps a technician takes on
    /// one visit, so a queue replayed after a whole visit offline still finds every key; older keys are forgotten.</summary>
    public const int RememberedIdempotencyKeys = 64;
}
