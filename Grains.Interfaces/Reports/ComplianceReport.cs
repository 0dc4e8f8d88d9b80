namespace FieldService.Reports;

/// <summary>S1: how the process was followed for the orders reported in [From, To), computed from the audit trail
/// only (docs/reports.md says how to reproduce every figure).</summary>
/// <param name="Orders">The cohort: work orders whose <c>report</c> entry is in [From, To) (and in <paramref name="Region"/>, if given).</param>
/// <param name="Region">The region the cohort was limited to, or null for every region.</param>
[GenerateSerializer, Immutable, Alias("fs.ComplianceReport")]
public sealed record ComplianceReport(
    [property: Id(0)] DateTimeOffset From,
    [property: Id(1)] DateTimeOffset To,
    [property: Id(2)] int Orders,
    [property: Id(3)] IReadOnlyList<ClauseCompliance> Clauses,
    [property: Id(4)] InspectionSample Inspection,
    [property: Id(5)] string? Region = null);
