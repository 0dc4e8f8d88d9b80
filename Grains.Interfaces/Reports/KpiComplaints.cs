namespace FieldService.Reports;

/// <summary>Complaints opened in a period: how many, which, and on which orders.</summary>
/// <param name="Ids">Ids of the complaints, ordinal order.</param>
/// <param name="Orders">Ids of the orders complained about, ordinal order.</param>
[GenerateSerializer, Immutable, Alias("fs.KpiComplaints")]
public sealed record KpiComplaints(
    [property: Id(0)] int Count,
    [property: Id(1)] IReadOnlyList<string> Ids,
    [property: Id(2)] IReadOnlyList<string> Orders);
