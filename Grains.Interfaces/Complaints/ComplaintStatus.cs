namespace FieldService.Complaints;

/// <summary>Where a complaint stands (P9: complaints are handled and the result is fed back). Serialized kebab-case.</summary>
public enum ComplaintStatus
{
    /// <summary>Recorded with the customer's words; nobody has looked into it yet.</summary>
    Opened,
    /// <summary>Customer service looked into it and recorded its findings.</summary>
    Investigated,
    /// <summary>Decided: the resolution, and whether it was upheld against the technician (H2).</summary>
    Resolved,
    /// <summary>The result was fed back to the customer. Final.</summary>
    FedBack,
}
