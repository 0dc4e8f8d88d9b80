namespace FieldService.WorkOrders;

/// <summary>Q3: why a completed repair must (or need not) be inspected before it is handed over.</summary>
public enum InspectionReason
{
    /// <summary>Critical equipment or a key part: every repair is inspected.</summary>
    Critical,
    /// <summary>Chosen by the sampling rule.</summary>
    Sampled,
    /// <summary>A repair reworked after a failed inspection is inspected again.</summary>
    ReInspection,
    /// <summary>Not chosen: handed over without inspection.</summary>
    NotSampled,
}

/// <summary>Q3: the decision taken at completion, with the figures that justified it (auditable).</summary>
/// <param name="Explanation">The rule and its figures in words, for the audit trail and logs (English).</param>
/// <param name="Trace">The same as data, for pages to word in the reader's language; null on decisions taken before
/// it was recorded (issue 17), whose pages show the reason alone.</param>
[GenerateSerializer, Immutable, Alias("fs.InspectionRequirement")]
public sealed record InspectionRequirement(
    [property: Id(1)] InspectionReason Reason,
    [property: Id(2)] string Explanation,
    [property: Id(3)] DateTimeOffset DecidedAt,
    [property: Id(4)] InspectionTrace? Trace = null)
{
    /// <summary>Whether the repair waits for an inspector before handover: every reason but not-sampled.</summary>
    public bool Required => Reason != InspectionReason.NotSampled;
}

/// <summary>Q3/Q4: one inspection by a designated inspector. A failed one sends the repair back to its technician
/// (rework); <paramref name="ResponsibleTechnicianId"/> is the technician whose work failed.</summary>
[GenerateSerializer, Immutable, Alias("fs.Inspection")]
public sealed record Inspection(
    [property: Id(1)] IReadOnlyList<CheckResult> Results,
    [property: Id(2)] string? Notes,
    [property: Id(3)] string StandardCategory,
    [property: Id(4)] int StandardVersion,
    [property: Id(5)] DateTimeOffset At,
    [property: Id(6)] string By,
    [property: Id(7)] string? ResponsibleTechnicianId)
{
    /// <summary>An inspection passes when every item passes.</summary>
    public bool Passed => Results.All(r => r.Passed);
}

/// <summary>Q4: a claim for a loss the repair caused the customer, and the decision on it.</summary>
[GenerateSerializer, Immutable, Alias("fs.CompensationClaim")]
public sealed record CompensationClaim(
    [property: Id(0)] int Number,
    [property: Id(1)] decimal Amount,
    [property: Id(2)] string Reason,
    [property: Id(3)] DateTimeOffset FiledAt,
    [property: Id(4)] string FiledBy,
    [property: Id(5)] string? ResponsibleTechnicianId,
    [property: Id(6)] ClaimDecision? Decision = null);

/// <summary>Q4: approved (with the amount paid, possibly less than claimed) or rejected, and who is responsible.</summary>
[GenerateSerializer, Immutable, Alias("fs.ClaimDecision")]
public sealed record ClaimDecision(
    [property: Id(0)] bool Approved,
    [property: Id(1)] decimal AmountApproved,
    [property: Id(2)] string? ResponsibleTechnicianId,
    [property: Id(3)] string Notes,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] string By);

/// <summary>TS1: a hard fault escalated to technical support from the order, and the answer.</summary>
[GenerateSerializer, Immutable, Alias("fs.SupportRequest")]
public sealed record SupportRequest(
    [property: Id(0)] int Number,
    [property: Id(1)] string Question,
    [property: Id(2)] DateTimeOffset AskedAt,
    [property: Id(3)] string AskedBy,
    [property: Id(4)] string? Answer = null,
    [property: Id(5)] DateTimeOffset? AnsweredAt = null,
    [property: Id(6)] string? AnsweredBy = null)
{
    /// <summary>How long the technician waited for the answer.</summary>
    public TimeSpan? TimeTaken => AnsweredAt - AskedAt;
}

/// <summary>Which rule decided an inspection and its figures. <paramref name="Rule"/>: <c>share</c> (without it the
/// scope's inspected share would fall below the minimum), <c>run</c> (the scope's last completions were not inspected),
/// <c>draw</c> (the random draw chose it), <c>always</c> (Quality:Sampling = Always), <c>not-sampled</c>,
/// <c>critical-equipment</c>, <c>key-parts</c>, <c>re-inspection</c>. <paramref name="Scope"/> is
/// <c>technician:{id}</c> or <c>region:{name}</c>.</summary>
[GenerateSerializer, Immutable, Alias("fs.InspectionTrace")]
public sealed record InspectionTrace(
    [property: Id(0)] string Rule,
    [property: Id(1)] string? Scope = null,
    [property: Id(2)] int? Inspected = null,
    [property: Id(3)] int? Of = null,
    [property: Id(4)] double? Share = null,
    [property: Id(5)] double? Minimum = null,
    [property: Id(6)] int? Run = null,
    [property: Id(7)] double? Draw = null,
    [property: Id(8)] double? DrawRate = null,
    [property: Id(9)] IReadOnlyList<string>? Parts = null);
