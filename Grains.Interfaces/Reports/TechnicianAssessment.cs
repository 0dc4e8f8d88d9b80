namespace FieldService.Reports;

/// <summary>H2: one technician's performance, repair quality and service in [From, To), computed from the audit
/// trail only (definitions in docs/reports.md). Rates are null when there was nothing to count.</summary>
/// <param name="Completed">Orders whose first <c>complete</c> entry is in the period and names this technician.</param>
/// <param name="FirstTimeFixes">Completed orders without an <c>await-parts</c> entry and without a failed inspection.</param>
/// <param name="MeanTimeToRepairMinutes">Mean of first <c>arrive</c> to the last <c>complete</c> before <c>acceptance</c>.</param>
/// <param name="Reworked">Completed orders with at least one failed inspection.</param>
/// <param name="Inspections">This technician's <c>inspection</c> entries in the period.</param>
/// <param name="Callbacks">Callbacks in the period with a satisfaction score.</param>
/// <param name="Complaints"><c>complaint-opened</c> entries in the period naming this technician.</param>
/// <param name="MissedAccepts">The technician's <c>missed-accept</c> entries in the period.</param>
[GenerateSerializer, Immutable, Alias("fs.TechnicianAssessment")]
public sealed record TechnicianAssessment(
    [property: Id(0)] string TechnicianId,
    [property: Id(1)] DateTimeOffset From,
    [property: Id(2)] DateTimeOffset To,
    [property: Id(3)] int Completed,
    [property: Id(4)] int FirstTimeFixes,
    [property: Id(5)] IReadOnlyList<ClauseScore> Sla,
    [property: Id(6)] double? MeanTimeToRepairMinutes,
    [property: Id(7)] int Reworked,
    [property: Id(8)] int Inspections,
    [property: Id(9)] int InspectionsPassed,
    [property: Id(10)] int Callbacks,
    [property: Id(11)] double? MeanSatisfaction,
    [property: Id(12)] int Complaints,
    [property: Id(13)] int MissedAccepts)
{
    public double? FirstTimeFixRate => Rates.Of(FirstTimeFixes, Completed);

    public double? ReworkRate => Rates.Of(Reworked, Completed);

    public double? InspectionPassRate => Rates.Of(InspectionsPassed, Inspections);

    /// <summary>All clause lines pooled: met over met + breached.</summary>
    public double? SlaRate => Rates.Of(Sla.Sum(s => s.Met), Sla.Sum(s => s.Met + s.Breached));
}
