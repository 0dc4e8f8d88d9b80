namespace FieldService.Reports;

/// <summary>One clause (or one half of E2) over the orders of a compliance report (S1). Every order it applies to
/// is in exactly one of met, breached, open (not decided yet) or not applicable (cancelled before it was decided).</summary>
/// <param name="Clause">P2, P3, P4, E2-contact, E2-arrival, P9, Q3 (critical equipment), M3 (counted per parts issue) or Q4 (rework after a failed inspection).</param>
/// <param name="Applicable">Orders (for M3: parts issues) the clause applies to.</param>
/// <param name="MetOrders">Ids of the orders that met it, ordinal order.</param>
/// <param name="BreachedOrders">Ids of the orders that breached it, ordinal order.</param>
[GenerateSerializer, Immutable, Alias("fs.ClauseCompliance")]
public sealed record ClauseCompliance(
    [property: Id(0)] string Clause,
    [property: Id(1)] int Applicable,
    [property: Id(2)] int Met,
    [property: Id(3)] int Breached,
    [property: Id(4)] int Open,
    [property: Id(5)] int NotApplicable,
    [property: Id(6)] IReadOnlyList<string> MetOrders,
    [property: Id(7)] IReadOnlyList<string> BreachedOrders)
{
    /// <summary>Met over decided (met + breached).</summary>
    public double? Rate => Rates.Of(Met, Met + Breached);
}
