namespace FieldService.Complaints;

/// <summary>A customer's complaint about a work order (P9, CS4), from its opening to the result fed back.</summary>
[GenerateSerializer, Immutable, Alias("fs.Complaint")]
public record Complaint
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string WorkOrderId { get; init; }
    /// <summary>The technician the order was assigned to when the complaint was opened (null if none yet).</summary>
    [Id(2)] public string? TechnicianId { get; init; }
    /// <summary>The account owning the order: its holder may read the complaint.</summary>
    [Id(3)] public string? CustomerId { get; init; }
    [Id(4)] public required ComplaintCategory Category { get; init; }
    [Id(5)] public required string CustomerWords { get; init; }
    [Id(6)] public required ComplaintStatus Status { get; init; }
    [Id(7)] public required DateTimeOffset OpenedAt { get; init; }
    [Id(8)] public required string OpenedBy { get; init; }

    [Id(9)] public string? Findings { get; init; }
    [Id(10)] public DateTimeOffset? InvestigatedAt { get; init; }
    [Id(11)] public string? InvestigatedBy { get; init; }

    [Id(12)] public string? Resolution { get; init; }
    /// <summary>Set once resolved: whether it counts against the technician (H2).</summary>
    [Id(13)] public bool? UpheldAgainstTechnician { get; init; }
    [Id(14)] public DateTimeOffset? ResolvedAt { get; init; }
    [Id(15)] public string? ResolvedBy { get; init; }

    [Id(16)] public FieldService.WorkOrders.Channel? FeedbackChannel { get; init; }
    [Id(17)] public string? CustomerResponse { get; init; }
    [Id(18)] public DateTimeOffset? FedBackAt { get; init; }
    [Id(19)] public string? FedBackBy { get; init; }

    /// <summary>Increments with every recorded change; the number of the last history entry.</summary>
    [Id(20)] public long Version { get; init; }
    [Id(21)] public DateTimeOffset UpdatedAt { get; init; }
}
