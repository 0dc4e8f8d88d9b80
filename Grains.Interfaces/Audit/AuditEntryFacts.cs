using FieldService.Clocks;
using FieldService.WorkOrders;

namespace FieldService.Audit;

/// <summary>
/// The typed facts of an audit entry that the reports count (docs/reports.md). Written by the step that records the
/// entry; the entry's reason is prose for people, and no code reads it. Every member is optional: an entry carries
/// only the facts its step has (a <c>report</c> its priority, a <c>breach</c> its clause and clock, …).
/// </summary>
[GenerateSerializer, Immutable, Alias("fs.AuditEntryFacts")]
public sealed record AuditEntryFacts
{
    /// <summary><c>report</c>: the order's priority (E2 applies to emergencies).</summary>
    [Id(0)] public Priority? Priority { get; init; }

    /// <summary><c>report</c>: the end of the agreed arrival window, when one was agreed (P4 applies).</summary>
    [Id(1)] public DateTimeOffset? AgreedArrivalBy { get; init; }

    /// <summary><c>breach</c>: the clause the clock enforces (P2, P3, P4, E2, P9, Q4).</summary>
    [Id(2)] public string? Clause { get; init; }

    /// <summary><c>breach</c>: which clock ran out (E2 has two).</summary>
    [Id(3)] public ClockKind? Clock { get; init; }

    /// <summary><c>complete</c>: why the repair is or is not inspected (Q3).</summary>
    [Id(4)] public InspectionReason? Inspection { get; init; }

    /// <summary><c>inspection</c>: the verdict, true when every item passed.</summary>
    [Id(5)] public bool? InspectionPassed { get; init; }

    /// <summary><c>callback</c>: the customer's satisfaction, 1–5 (P9).</summary>
    [Id(6)] public int? Satisfaction { get; init; }

    /// <summary>Parts moved by the step (a bin's issue or return, a work order's parts reserved or used): bin, SKU and
    /// signed quantity.</summary>
    [Id(7)] public IReadOnlyList<PartLine>? Parts { get; init; }

    /// <summary><c>attach</c>: the file kept with the order (a photo of the fault or of the repair).</summary>
    [Id(8)] public AttachmentFact? Attachment { get; init; }

    /// <summary><c>report</c>: the region the order was reported in (fixed for the order's life), so the compliance
    /// report can be filtered by region from the audit trail alone.</summary>
    [Id(9)] public string? Region { get; init; }
}
