namespace FieldService.Reports;

/// <summary>Technician utilisation in a period (docs/reports.md): every technician's assigned minutes over their
/// shift minutes, pooled, and per technician.</summary>
[GenerateSerializer, Immutable, Alias("fs.Utilisation")]
public sealed record Utilisation(
    [property: Id(0)] double AssignedMinutes,
    [property: Id(1)] double ShiftMinutes,
    [property: Id(2)] IReadOnlyList<TechnicianUtilisation> Technicians)
{
    public double? Rate => Rates.Of(AssignedMinutes, ShiftMinutes);
}
