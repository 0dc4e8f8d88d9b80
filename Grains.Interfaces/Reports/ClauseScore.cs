namespace FieldService.Reports;

/// <summary>A technician's record on one clause they answer for (P3, P4, E2-contact, E2-arrival) in a period.</summary>
[GenerateSerializer, Immutable, Alias("fs.ClauseScore")]
public sealed record ClauseScore(
    [property: Id(0)] string Clause,
    [property: Id(1)] int Met,
    [property: Id(2)] int Breached)
{
    /// <summary>Met over met + breached.</summary>
    public double? Rate => Rates.Of(Met, Met + Breached);
}
