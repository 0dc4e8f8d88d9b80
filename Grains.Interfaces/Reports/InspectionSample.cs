namespace FieldService.Reports;

/// <summary>Q3 over the completed orders of a compliance report: how many were inspected, and whether the sample
/// reaches the regulation's 10%.</summary>
/// <param name="Completed">Orders with at least one <c>complete</c> entry.</param>
/// <param name="Inspected">Completed orders with at least one <c>inspection</c> entry.</param>
/// <param name="SampleMet">True when <paramref name="InspectedShare"/> is at least 10%, or nothing was completed.</param>
/// <param name="Critical">Completed orders marked critical (complete reason "inspection: critical").</param>
/// <param name="CriticalInspected">Critical orders with a passed inspection.</param>
/// <param name="CompletedOrders">Ids of the completed orders, ordinal order (the drill-down behind the share).</param>
/// <param name="InspectedOrders">Ids of the inspected ones among them, ordinal order.</param>
[GenerateSerializer, Immutable, Alias("fs.InspectionSample")]
public sealed record InspectionSample(
    [property: Id(0)] int Completed,
    [property: Id(1)] int Inspected,
    [property: Id(2)] double? InspectedShare,
    [property: Id(3)] bool SampleMet,
    [property: Id(4)] int Critical,
    [property: Id(5)] int CriticalInspected,
    [property: Id(6)] IReadOnlyList<string> CompletedOrders,
    [property: Id(7)] IReadOnlyList<string> InspectedOrders)
{
    /// <summary>The regulation's minimum share of repairs inspected.</summary>
    public const double MinimumShare = 0.10;
}
