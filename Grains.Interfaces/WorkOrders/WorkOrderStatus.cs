namespace FieldService.WorkOrders;

/// <summary>Where a work order stands in the repair process (P1–P9). Serialized kebab-case.</summary>
public enum WorkOrderStatus
{
    /// <summary>P1: recorded by customer service, not yet judged.</summary>
    Reported,
    /// <summary>P1: an on-site visit is needed; waiting for a technician.</summary>
    Triaged,
    /// <summary>P2: offered to a technician who has not yet confirmed.</summary>
    Dispatched,
    /// <summary>P3: confirmed by the technician.</summary>
    Accepted,
    /// <summary>P4: the technician is travelling.</summary>
    EnRoute,
    /// <summary>P4: the technician has arrived and shown ID.</summary>
    OnSite,
    /// <summary>P5: the cause is known (with an estimate for complex faults).</summary>
    Diagnosed,
    /// <summary>P6: repair in progress.</summary>
    InRepair,
    /// <summary>P6: repair paused until parts arrive.</summary>
    AwaitingParts,
    /// <summary>P7: repaired, self-checked and, when required, inspected and passed; waiting for the customer's signature.</summary>
    Completed,
    /// <summary>P7: the customer has signed.</summary>
    CustomerAccepted,
    /// <summary>P8: the site is cleaned up; waiting for the callback.</summary>
    CleanedUp,
    /// <summary>P9 done, or resolved remotely at triage. Final.</summary>
    Closed,
    /// <summary>Withdrawn before completion. Final.</summary>
    Cancelled,
    /// <summary>Q3: completed and self-checked, waiting for the inspector; handed over only after a pass.
    /// (Last in the list because the number of a status is what grain storage keeps.)</summary>
    AwaitingInspection,
}
