namespace FieldService.Reports;

/// <summary>S1: how the process was followed for the orders reported in [From, To), computed from the audit trail
/// only (docs/reports.md says how to reproduce every figure).</summary>
/// <param name="Orders">The cohort: work orders whose <c>report</c> entry is in [From, To).</param>
[GenerateSerializer, Immutable, Alias("fs.ComplianceReport")]
public sealed record ComplianceReport(
    [property: Id(0)] DateTimeOffset From,
    [property: Id(1)] DateTimeOffset To,
    [property: Id(2)] int Orders,
    [property: Id(3)] IReadOnlyList<ClauseCompliance> Clauses,
    [property: Id(4)] InspectionSample Inspection);
