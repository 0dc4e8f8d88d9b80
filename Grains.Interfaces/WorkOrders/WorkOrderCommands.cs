namespace FieldService.WorkOrders;

// The lifecycle commands (one file: they are one closed family, each a line long).
// Names are imperative; the action recorded in history is the kebab-case route name.

/// <summary>A step in a work order's lifecycle, decided by the work order's rules.</summary>
[GenerateSerializer, Immutable, Alias("fs.WorkOrderCommand")]
public abstract record WorkOrderCommand
{
    /// <summary>The caller's name for this one step (HTTP <c>Idempotency-Key</c>), or null. The order remembers the
    /// keys of its recent steps, so a step sent again with its key (a phone replaying what it queued offline, a retry
    /// after a lost answer) is answered with the order as it is, not applied twice.</summary>
    [Id(0)] public string? IdempotencyKey { get; init; }
}

/// <summary>P1: on-site needed, or resolved remotely (closes the order). With an on-site visit, customer service may
/// record the arrival window agreed with the customer then (P4): an order reported by mail or chat has none before.</summary>
[GenerateSerializer, Immutable, Alias("fs.Triage")]
public sealed record Triage([property: Id(0)] bool OnSite, [property: Id(1)] string? Notes, [property: Id(2)] TimeWindow? AgreedArrival = null) : WorkOrderCommand;

/// <summary>P2: offer the order to a named technician (a dispatcher's manual assignment, or dispatch's choice).</summary>
[GenerateSerializer, Immutable, Alias("fs.Dispatch")]
public sealed record Dispatch([property: Id(0)] string TechnicianId, [property: Id(1)] string? Reason = null) : WorkOrderCommand;

/// <summary>P2: let automatic dispatch choose the technician (releases a hold).</summary>
[GenerateSerializer, Immutable, Alias("fs.RequestDispatch")]
public sealed record RequestDispatch([property: Id(0)] string? Reason) : WorkOrderCommand;

/// <summary>P2: a dispatcher takes the order back from its technician; it waits, held, for a manual decision.</summary>
[GenerateSerializer, Immutable, Alias("fs.PullBack")]
public sealed record PullBack([property: Id(0)] string Reason) : WorkOrderCommand;

/// <summary>P2: a dispatcher moves the order from its technician to another one (offered anew); the reason is recorded.</summary>
[GenerateSerializer, Immutable, Alias("fs.Reassign")]
public sealed record Reassign([property: Id(0)] string TechnicianId, [property: Id(1)] string Reason) : WorkOrderCommand;

/// <summary>P3: the technician confirms.</summary>
[GenerateSerializer, Immutable, Alias("fs.Accept")]
public sealed record Accept : WorkOrderCommand;

/// <summary>P3: the technician turns the offer down; the order goes back to dispatch.</summary>
[GenerateSerializer, Immutable, Alias("fs.DeclineOffer")]
public sealed record DeclineOffer([property: Id(0)] string Reason) : WorkOrderCommand;

/// <summary>P4: the technician sets off.</summary>
[GenerateSerializer, Immutable, Alias("fs.StartTravel")]
public sealed record StartTravel([property: Id(0)] DateTimeOffset? Eta) : WorkOrderCommand;

/// <summary>P4: the agreed time cannot be kept; the customer is told in advance with the reason.</summary>
[GenerateSerializer, Immutable, Alias("fs.AnnounceDelay")]
public sealed record AnnounceDelay([property: Id(0)] DateTimeOffset NewEta, [property: Id(1)] string Reason) : WorkOrderCommand;

/// <summary>P4: on site, ID shown, request reconfirmed.</summary>
[GenerateSerializer, Immutable, Alias("fs.Arrive")]
public sealed record Arrive : WorkOrderCommand;

/// <summary>P5: the cause, with time and cost estimate for a complex fault.</summary>
[GenerateSerializer, Immutable, Alias("fs.Diagnose")]
public sealed record Diagnose(
    [property: Id(0)] string Cause, [property: Id(1)] bool Complex, [property: Id(2)] Estimate? Estimate, [property: Id(3)] IReadOnlyList<PartNeed>? Parts = null)
    : WorkOrderCommand;

/// <summary>P6: repair starts (or resumes once the parts are there).</summary>
[GenerateSerializer, Immutable, Alias("fs.StartRepair")]
public sealed record StartRepair : WorkOrderCommand;

/// <summary>P6: progress reported to customer service.</summary>
[GenerateSerializer, Immutable, Alias("fs.ReportProgress")]
public sealed record ReportProgress([property: Id(0)] string Note) : WorkOrderCommand;

/// <summary>CS1: the customer wrote again about the order (mail or chat); the message joins its thread. The platform's
/// intake only: its <see cref="WorkOrderCommand.IdempotencyKey"/> is the message's, so a message received twice joins once.</summary>
[GenerateSerializer, Immutable, Alias("fs.AddCustomerMessage")]
public sealed record AddCustomerMessage([property: Id(0)] ThreadMessage Message) : WorkOrderCommand;

/// <summary>P6: the repair waits for parts.</summary>
[GenerateSerializer, Immutable, Alias("fs.AwaitParts")]
public sealed record AwaitParts([property: Id(0)] IReadOnlyList<PartNeed> Parts) : WorkOrderCommand;

/// <summary>P7/Q3: repaired and self-checked, item by item against the current standard of the product's category (Q1).</summary>
[GenerateSerializer, Immutable, Alias("fs.Complete")]
public sealed record Complete([property: Id(0)] IReadOnlyList<CheckResult> Checklist, [property: Id(1)] string? Notes) : WorkOrderCommand;

/// <summary>Q3: the inspector's verdict on a completed repair, item by item: it passes when every item passes; a failed
/// item sends it back to its technician (Q4 rework).</summary>
[GenerateSerializer, Immutable, Alias("fs.RecordInspection")]
public sealed record RecordInspection([property: Id(0)] IReadOnlyList<CheckResult> Results, [property: Id(1)] string? Notes) : WorkOrderCommand;

/// <summary>Q4: a compensation claim for a loss the repair caused the customer.</summary>
[GenerateSerializer, Immutable, Alias("fs.FileClaim")]
public sealed record FileClaim([property: Id(0)] decimal Amount, [property: Id(1)] string Reason) : WorkOrderCommand;

/// <summary>Q4: the decision on a claim, naming the responsible technician (the regulation penalises the responsible person).</summary>
[GenerateSerializer, Immutable, Alias("fs.DecideClaim")]
public sealed record DecideClaim(
    [property: Id(0)] int Number,
    [property: Id(1)] bool Approved,
    [property: Id(2)] decimal? AmountApproved,
    [property: Id(3)] string? ResponsibleTechnicianId,
    [property: Id(4)] string Notes) : WorkOrderCommand;

/// <summary>TS1: the technician escalates a hard fault to technical support.</summary>
[GenerateSerializer, Immutable, Alias("fs.RequestSupport")]
public sealed record RequestSupport([property: Id(0)] string Question) : WorkOrderCommand;

/// <summary>TS1: technical support answers a request.</summary>
[GenerateSerializer, Immutable, Alias("fs.AnswerSupport")]
public sealed record AnswerSupport([property: Id(0)] int Number, [property: Id(1)] string Answer) : WorkOrderCommand;

/// <summary>P7: the customer signs the work order.</summary>
[GenerateSerializer, Immutable, Alias("fs.RecordAcceptance")]
public sealed record RecordAcceptance([property: Id(0)] string SignedBy, [property: Id(1)] string Signature) : WorkOrderCommand;

/// <summary>P8: the site is cleaned up.</summary>
[GenerateSerializer, Immutable, Alias("fs.CleanUp")]
public sealed record CleanUp : WorkOrderCommand;

/// <summary>P9: the callback survey; closes the order.</summary>
[GenerateSerializer, Immutable, Alias("fs.RecordCallback")]
public sealed record RecordCallback(
    [property: Id(0)] int Satisfaction,
    [property: Id(1)] string? Comments,
    [property: Id(2)] string? Complaint,
    [property: Id(3)] IReadOnlyList<SurveyAnswer>? Answers = null) : WorkOrderCommand;

/// <summary>P9/CS4: complaint <paramref name="ComplaintId"/> about the order was answered and its result fed back; the
/// customer is told in writing. The complaint's follow-up only (platform), under the idempotency key
/// <c>complaint-feedback:{ComplaintId}</c>: asked again after a crash, it records nothing new.</summary>
[GenerateSerializer, Immutable, Alias("fs.RecordComplaintFeedback")]
public sealed record RecordComplaintFeedback(
    [property: Id(0)] string ComplaintId, [property: Id(1)] FieldService.Complaints.ComplaintCategory Category) : WorkOrderCommand;

/// <summary>E2: the technician contacted the customer (stops the 30-minute clock).</summary>
[GenerateSerializer, Immutable, Alias("fs.ContactCustomer")]
public sealed record ContactCustomer([property: Id(0)] string Channel, [property: Id(1)] string? Notes) : WorkOrderCommand;

/// <summary>E3: the emergency team's post-incident review.</summary>
[GenerateSerializer, Immutable, Alias("fs.RecordReview")]
public sealed record RecordReview([property: Id(0)] string Causes, [property: Id(1)] string Shortfalls, [property: Id(2)] string PlanChanges)
    : WorkOrderCommand;

/// <summary>P3 breach: the platform withdraws an offer nobody accepted in time; the order returns to dispatch.</summary>
[GenerateSerializer, Immutable, Alias("fs.WithdrawOffer")]
public sealed record WithdrawOffer([property: Id(0)] string Reason) : WorkOrderCommand;

/// <summary>P6/M3: what the platform reserved for the parts the repair waits for, and what is short (platform only).</summary>
[GenerateSerializer, Immutable, Alias("fs.RecordPartsReserved")]
public sealed record RecordPartsReserved([property: Id(0)] IReadOnlyList<PartLine> Reserved, [property: Id(1)] IReadOnlyList<PartNeed> Short) : WorkOrderCommand;

/// <summary>M3: stock came into a bin the order waited for; the platform tries again to reserve what is still short
/// (platform only).</summary>
[GenerateSerializer, Immutable, Alias("fs.ReserveArrivedParts")]
public sealed record ReserveArrivedParts([property: Id(0)] IReadOnlyList<PartNeed> Parts) : WorkOrderCommand;

/// <summary>Q2: parts issued to (positive) or returned from (negative) the repair, as the bin recorded them (platform only).</summary>
[GenerateSerializer, Immutable, Alias("fs.RecordPartsUsed")]
public sealed record RecordPartsUsed([property: Id(0)] PartLine Line) : WorkOrderCommand;

/// <summary>Withdraw an open order.</summary>
[GenerateSerializer, Immutable, Alias("fs.Cancel")]
public sealed record Cancel([property: Id(0)] string Reason) : WorkOrderCommand;
