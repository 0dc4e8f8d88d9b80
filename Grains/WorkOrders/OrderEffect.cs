using System.Text.Json.Serialization;
using FieldService.WorkOrders;

namespace FieldService.Grains.WorkOrders;

/// <summary>
/// A consequence of a work order's step for another grain (or the outside world), decided with the step and
/// persisted in the same write as the order's new state (an outbox). The grain carries each out until its target
/// acknowledges it; every target treats a repeat of the same effect as done, so a retry after a crash or a refused
/// call can neither lose nor double it. <see cref="Id"/> is unique within the order.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "effect")]
[JsonDerivedType(typeof(ReleaseTechnicianEffect), "release-technician")]
[JsonDerivedType(typeof(RecordMissedAcceptEffect), "record-missed-accept")]
[JsonDerivedType(typeof(RaiseEscalationEffect), "raise-escalation")]
[JsonDerivedType(typeof(OpenComplaintEffect), "open-complaint")]
[JsonDerivedType(typeof(ReservePartsEffect), "reserve-parts")]
[JsonDerivedType(typeof(ReleasePartsEffect), "release-parts")]
[JsonDerivedType(typeof(ClearPartsDemandEffect), "clear-parts-demand")]
[JsonDerivedType(typeof(SendNotificationEffect), "send-notification")]
[JsonDerivedType(typeof(RecordSupportCaseEffect), "record-support-case")]
[JsonDerivedType(typeof(AcknowledgeEscalationEffect), "acknowledge-escalation")]
[JsonDerivedType(typeof(RecordStandardUseEffect), "record-standard-use")]
[GenerateSerializer, Alias("fs.OrderEffect")]
public abstract record OrderEffect([property: Id(0)] string Id)
{
    /// <summary>The effect's kind as spelled in storage and in fault-injection step names (<c>effect-{kind}</c>).</summary>
    [JsonIgnore]
    public abstract string Kind { get; }
}

/// <summary>The order no longer occupies the technician: their load drops it (idempotent: a no-op once dropped).</summary>
[GenerateSerializer, Immutable, Alias("fs.ReleaseTechnicianEffect")]
public sealed record ReleaseTechnicianEffect(string Id, [property: Id(0)] string TechnicianId) : OrderEffect(Id)
{
    public override string Kind => "release-technician";
}

/// <summary>P3: the offer ran out; the technician's record shows the missed accept and drops the order (once per miss).</summary>
[GenerateSerializer, Immutable, Alias("fs.RecordMissedAcceptEffect")]
public sealed record RecordMissedAcceptEffect(string Id, [property: Id(0)] string TechnicianId, [property: Id(1)] DateTimeOffset At) : OrderEffect(Id)
{
    public override string Kind => "record-missed-accept";
}

/// <summary>An escalation raised to a team; the escalation grain is named after <see cref="Key"/>, so a repeat is one escalation.</summary>
[GenerateSerializer, Immutable, Alias("fs.RaiseEscalationEffect")]
public sealed record RaiseEscalationEffect(
    string Id, [property: Id(0)] string Team, [property: Id(1)] string Key, [property: Id(2)] string Clause, [property: Id(3)] string Reason)
    : OrderEffect(Id)
{
    public override string Kind => "raise-escalation";
}

/// <summary>P9/CS4: the complaint given on the callback, opened once under its own id.</summary>
[GenerateSerializer, Immutable, Alias("fs.OpenComplaintEffect")]
public sealed record OpenComplaintEffect(
    string Id, [property: Id(0)] string ComplaintId, [property: Id(1)] string Words, [property: Id(2)] Actor OpenedBy) : OrderEffect(Id)
{
    public override string Kind => "open-complaint";
}

/// <summary>P6/M3: reserve what the repair waits for, from the technician's van first, then the region's warehouse.
/// <see cref="Plan"/> is fixed (and persisted) before the first bin is asked, and each bin applies a planned line at
/// most once (its request id), so a retry reserves nothing twice. <see cref="Arrived"/>: asked again because stock
/// arrived; what is still short then only updates the demand list, as the storekeepers have its shortage task already.</summary>
[GenerateSerializer, Immutable, Alias("fs.ReservePartsEffect")]
public sealed record ReservePartsEffect(
    string Id, [property: Id(0)] IReadOnlyList<PartNeed> Needs, [property: Id(1)] IReadOnlyList<PartLine>? Plan = null, [property: Id(2)] bool Arrived = false)
    : OrderEffect(Id)
{
    public override string Kind => "reserve-parts";

    /// <summary>The request id a bin remembers for one planned line.</summary>
    public string RequestIdFor(string workOrderId, PartLine line) => $"{workOrderId}/{Id}/{line.Location}/{line.Sku}";
}

/// <summary>M3: the order is over (cancelled, cleaned up or closed): what it still holds reserved goes back to stock;
/// issued parts stay issued. A bin with nothing reserved for the order has nothing to do.</summary>
[GenerateSerializer, Immutable, Alias("fs.ReleasePartsEffect")]
public sealed record ReleasePartsEffect(string Id, [property: Id(0)] IReadOnlyList<PartLine> Bins) : OrderEffect(Id)
{
    public override string Kind => "release-parts";
}

/// <summary>The order no longer waits for parts: the storekeepers' demand list drops it.</summary>
[GenerateSerializer, Immutable, Alias("fs.ClearPartsDemandEffect")]
public sealed record ClearPartsDemandEffect(string Id) : OrderEffect(Id)
{
    public override string Kind => "clear-parts-demand";
}

/// <summary>A notification recorded on the order (by its position in <see cref="WorkOrder.Notifications"/>) is delivered.</summary>
[GenerateSerializer, Immutable, Alias("fs.SendNotificationEffect")]
public sealed record SendNotificationEffect(string Id, [property: Id(0)] int Index) : OrderEffect(Id)
{
    public override string Kind => "send-notification";
}

/// <summary>TS1: technical support's inbox shows support request <see cref="Number"/> as the order holds it when the
/// follow-up runs (the inbox keeps an answer over an open copy, so a late retry cannot reopen it).</summary>
[GenerateSerializer, Immutable, Alias("fs.RecordSupportCaseEffect")]
public sealed record RecordSupportCaseEffect(string Id, [property: Id(0)] int Number) : OrderEffect(Id)
{
    public override string Kind => "record-support-case";
}

/// <summary>TS1: the request is answered, so its escalation to the support team stops asking (acknowledged by whoever
/// answered; acknowledging twice is one acknowledgement).</summary>
[GenerateSerializer, Immutable, Alias("fs.AcknowledgeEscalationEffect")]
public sealed record AcknowledgeEscalationEffect(
    string Id, [property: Id(0)] string Team, [property: Id(1)] string Key, [property: Id(2)] Actor By) : OrderEffect(Id)
{
    public override string Kind => "acknowledge-escalation";
}

/// <summary>Q1: the self-check was made against this version of the standard; its usage list names the order.</summary>
[GenerateSerializer, Immutable, Alias("fs.RecordStandardUseEffect")]
public sealed record RecordStandardUseEffect(string Id, [property: Id(0)] string Category, [property: Id(1)] int Version) : OrderEffect(Id)
{
    public override string Kind => "record-standard-use";
}
