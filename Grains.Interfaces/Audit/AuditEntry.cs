namespace FieldService.Audit;

/// <summary>One recorded change (S1): who did what, when, why, from which state to which. Never updated.</summary>
/// <param name="SubjectType"><c>work-order</c> or <c>technician</c>.</param>
/// <param name="SubjectId">The id of the record that changed.</param>
/// <param name="Sequence">Position in the subject's own history, from 1, without gaps.</param>
/// <param name="Action">The step taken (the kebab-case command name, e.g. <c>accept</c>; see <see cref="AuditActions"/>).</param>
/// <param name="Reason">Why, in words for people: display text only, never read by code.</param>
/// <param name="Facts">What the reports count, typed (null on entries that carry none).</param>
[GenerateSerializer, Immutable, Alias("fs.AuditEntry")]
public sealed record AuditEntry(
    [property: Id(0)] string SubjectType,
    [property: Id(1)] string SubjectId,
    [property: Id(2)] long Sequence,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] Actor Actor,
    [property: Id(5)] string Action,
    [property: Id(6)] string? FromStatus,
    [property: Id(7)] string? ToStatus,
    [property: Id(8)] string? Reason,
    [property: Id(9)] string? WorkOrderId,
    [property: Id(10)] string? TechnicianId,
    [property: Id(11)] AuditEntryFacts? Facts = null);
