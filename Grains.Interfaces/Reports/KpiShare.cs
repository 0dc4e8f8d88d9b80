namespace FieldService.Reports;

/// <summary>A share of orders with the orders behind it: <see cref="Part"/> of <see cref="Whole"/>.</summary>
/// <param name="PartOrders">Ids of the orders counted in the part, ordinal order.</param>
/// <param name="WholeOrders">Ids of every order counted, ordinal order.</param>
[GenerateSerializer, Immutable, Alias("fs.KpiShare")]
public sealed record KpiShare(
    [property: Id(0)] int Part,
    [property: Id(1)] int Whole,
    [property: Id(2)] IReadOnlyList<string> PartOrders,
    [property: Id(3)] IReadOnlyList<string> WholeOrders)
{
    public double? Rate => Rates.Of(Part, Whole);
}
