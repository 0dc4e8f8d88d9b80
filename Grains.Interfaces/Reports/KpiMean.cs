namespace FieldService.Reports;

/// <summary>A mean over orders (minutes to repair, satisfaction), with the orders it was taken over.</summary>
/// <param name="Mean">Null when nothing was counted.</param>
/// <param name="Orders">Ids of the orders counted, ordinal order.</param>
[GenerateSerializer, Immutable, Alias("fs.KpiMean")]
public sealed record KpiMean(
    [property: Id(0)] int Count,
    [property: Id(1)] double? Mean,
    [property: Id(2)] IReadOnlyList<string> Orders);
