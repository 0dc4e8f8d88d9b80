namespace FieldService.WorkOrders;

/// <summary>P1: a customer found again from an earlier order, so an intake re-uses their details. Contact data is as
/// the asker may see it (H3: masked for roles that may not).</summary>
/// <param name="LastOrderId">The newest order the details were taken from.</param>
[GenerateSerializer, Immutable, Alias("fs.KnownCustomer")]
public sealed record KnownCustomer(
    [property: Id(0)] Customer Customer,
    [property: Id(1)] string? CustomerId,
    [property: Id(2)] string Region,
    [property: Id(3)] Product Product,
    [property: Id(4)] string LastOrderId,
    [property: Id(5)] DateTimeOffset LastReportedAt)
{
    /// <summary>Most customers one search answers with.</summary>
    public const int MaxFound = 10;

    /// <summary>Most earlier orders (newest first) one search reads.</summary>
    public const int MaxOrdersRead = 500;

    /// <summary>Fewest characters a search needs: fewer would match nearly everyone.</summary>
    public const int MinSearch = 2;
}
