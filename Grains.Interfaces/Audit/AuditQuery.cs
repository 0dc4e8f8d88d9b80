namespace FieldService.Audit;

/// <summary>An auditor's question: entries in [From, To) about an order and/or a technician.</summary>
[GenerateSerializer, Immutable, Alias("fs.AuditQuery")]
public sealed record AuditQuery(
    [property: Id(0)] DateTimeOffset? From,
    [property: Id(1)] DateTimeOffset? To,
    [property: Id(2)] string? WorkOrderId,
    [property: Id(3)] string? TechnicianId,
    [property: Id(4)] int PageNumber,
    [property: Id(5)] int PageSize);
