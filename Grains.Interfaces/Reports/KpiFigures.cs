namespace FieldService.Reports;

/// <summary>The dashboard's figures for one period (the whole one, or one bucket of it), from the audit trail
/// (definitions in docs/reports.md).</summary>
/// <param name="Compliance">S1 for the orders reported in the period: the compliance report's own calculation.</param>
/// <param name="FirstTimeFix">Orders first completed in the period without waiting for parts or failing inspection.</param>
/// <param name="RepairMinutes">First arrival to the last completion before acceptance, over the orders first completed in the period.</param>
/// <param name="InspectionPass">Inspections recorded in the period, and the passed ones (by order).</param>
/// <param name="Satisfaction">Callbacks recorded in the period with a score.</param>
/// <param name="Complaints">Complaints opened in the period.</param>
/// <param name="Utilisation">Technicians' assigned minutes over shift minutes.</param>
[GenerateSerializer, Immutable, Alias("fs.KpiFigures")]
public sealed record KpiFigures(
    [property: Id(0)] DateTimeOffset From,
    [property: Id(1)] DateTimeOffset To,
    [property: Id(2)] ComplianceReport Compliance,
    [property: Id(3)] KpiShare FirstTimeFix,
    [property: Id(4)] KpiMean RepairMinutes,
    [property: Id(5)] KpiShare InspectionPass,
    [property: Id(6)] KpiMean Satisfaction,
    [property: Id(7)] KpiComplaints Complaints,
    [property: Id(8)] Utilisation Utilisation);
