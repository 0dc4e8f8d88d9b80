namespace FieldService.Reports;

/// <summary>One technician's utilisation in a period: minutes holding at least one order over minutes on shift.</summary>
/// <param name="Orders">Ids of the orders they held in the period, ordinal order.</param>
[GenerateSerializer, Immutable, Alias("fs.TechnicianUtilisation")]
public sealed record TechnicianUtilisation(
    [property: Id(0)] string TechnicianId,
    [property: Id(1)] string? Name,
    [property: Id(2)] double AssignedMinutes,
    [property: Id(3)] double ShiftMinutes,
    [property: Id(4)] IReadOnlyList<string> Orders)
{
    /// <summary>Assigned over on shift, four decimals; above 1 when they worked beyond their shifts; null without shift time.</summary>
    public double? Rate => Rates.Of(AssignedMinutes, ShiftMinutes);
}
