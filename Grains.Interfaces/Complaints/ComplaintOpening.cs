namespace FieldService.Complaints;

/// <summary>What opening a complaint records: the work order it is about, its category and the customer's own words.</summary>
[GenerateSerializer, Immutable, Alias("fs.ComplaintOpening")]
public sealed record ComplaintOpening(
    [property: Id(0)] string WorkOrderId,
    [property: Id(1)] ComplaintCategory Category,
    [property: Id(2)] string CustomerWords)
{
    /// <summary>Adds to <paramref name="v"/> what is wrong with the opening. A contract rule: the grain refuses by it
    /// and a client can name every bad field at once before it asks.</summary>
    public Validation Validate(Validation v)
    {
        v.Identifier("workOrderId", WorkOrderId).Required("customerWords", CustomerWords, Validation.MaxText);
        if (!Enum.IsDefined(Category))
        {
            v.Add("category", $"must be one of: {string.Join(", ", Enum.GetValues<ComplaintCategory>().Select(Kebab.Of))}");
        }

        return v;
    }
}
