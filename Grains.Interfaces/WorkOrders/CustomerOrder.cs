namespace FieldService.WorkOrders;

/// <summary>An order as its customer follows it: the order as they read it (their notices only, their allowed
/// actions), and who is coming — the technician's name, which the order itself records only as an id.</summary>
[GenerateSerializer, Immutable, Alias("fs.CustomerOrder")]
public sealed record CustomerOrder([property: Id(0)] WorkOrderRead Read, [property: Id(1)] string? TechnicianName)
{
    /// <summary>Most orders the customer's list carries, newest first.</summary>
    public const int MaxListed = 50;
}
