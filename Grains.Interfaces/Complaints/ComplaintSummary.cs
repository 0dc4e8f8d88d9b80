namespace FieldService.Complaints;

/// <summary>A complaint's line in listings (the directory every complaint keeps up to date).</summary>
[GenerateSerializer, Immutable, Alias("fs.ComplaintSummary")]
public sealed record ComplaintSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] ComplaintStatus Status,
    [property: Id(2)] string WorkOrderId,
    [property: Id(3)] string? TechnicianId,
    [property: Id(4)] string? CustomerId,
    [property: Id(5)] ComplaintCategory Category,
    [property: Id(6)] bool? UpheldAgainstTechnician,
    [property: Id(7)] DateTimeOffset OpenedAt,
    [property: Id(8)] DateTimeOffset UpdatedAt,
    [property: Id(9)] long Version)
{
    public static ComplaintSummary Of(Complaint c) =>
        new(c.Id, c.Status, c.WorkOrderId, c.TechnicianId, c.CustomerId, c.Category, c.UpheldAgainstTechnician, c.OpenedAt, c.UpdatedAt, c.Version);
}
