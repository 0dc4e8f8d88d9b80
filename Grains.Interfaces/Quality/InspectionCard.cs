using FieldService.Clocks;
using FieldService.WorkOrders;

namespace FieldService.Quality;

/// <summary>Where a repair stands for the inspectors: waiting to be inspected, back with its technician for rework, or
/// no longer theirs (passed, not sampled, cancelled: the card leaves their queue).</summary>
public enum InspectionStage
{
    Waiting,
    Rework,
    Done,
}

/// <summary>
/// Q3/Q4: a repair as the inspectors' queue shows it: why it was chosen (the requirement decided at its completion),
/// the standard version its self-check answered (the one the inspection is made against), and during rework what the
/// failed inspection asked for and the rework clock. No customer contact data (H3).
/// </summary>
[GenerateSerializer, Immutable, Alias("fs.InspectionCard")]
public sealed record InspectionCard(
    [property: Id(0)] string Id,
    [property: Id(1)] InspectionStage Stage,
    [property: Id(2)] WorkOrderStatus Status,
    [property: Id(3)] Priority Priority,
    [property: Id(4)] string Region,
    [property: Id(5)] string? TechnicianId,
    [property: Id(6)] string CustomerName,
    [property: Id(7)] string ProductModel,
    [property: Id(8)] string ProductCategory,
    [property: Id(9)] bool Critical,
    [property: Id(10)] InspectionRequirement? Requirement,
    [property: Id(11)] DateTimeOffset? CompletedAt,
    [property: Id(12)] string? StandardCategory,
    [property: Id(13)] int? StandardVersion,
    [property: Id(14)] string? ReworkNotes,
    [property: Id(15)] SlaClock? ReworkClock,
    [property: Id(16)] int Inspections,
    [property: Id(17)] long Version,
    [property: Id(18)] DateTimeOffset UpdatedAt)
{
    /// <summary>Most cards the queue's snapshot carries per stage.</summary>
    public const int MaxSnapshot = 500;

    /// <summary>The statuses in which an order may be the inspectors' concern (what the snapshot reads from the index).</summary>
    public static readonly IReadOnlyList<WorkOrderStatus> Statuses = [WorkOrderStatus.AwaitingInspection, WorkOrderStatus.InRepair, WorkOrderStatus.AwaitingParts];

    public static InspectionStage StageOf(WorkOrder order) => order.Status switch
    {
        WorkOrderStatus.AwaitingInspection => InspectionStage.Waiting,
        // Q4: after a failed inspection the repair is reworked (possibly waiting for parts) until it is completed again.
        WorkOrderStatus.InRepair or WorkOrderStatus.AwaitingParts when order.Inspections.LastOrDefault() is { Passed: false } => InspectionStage.Rework,
        _ => InspectionStage.Done,
    };

    /// <summary>Whether a change of an order is news to the inspectors: it enters, leaves or moves within their queue,
    /// or a completion was just decided (the sampling tallies moved, even when it was not chosen).</summary>
    public static bool Concerns(WorkOrder? before, WorkOrder after) =>
        (before is not null && StageOf(before) != InspectionStage.Done)
        || StageOf(after) != InspectionStage.Done
        || (after.InspectionRequirement is not null && after.InspectionRequirement != before?.InspectionRequirement);

    public static InspectionCard Of(WorkOrder order)
    {
        var stage = StageOf(order);
        var failed = stage == InspectionStage.Rework ? order.Inspections[^1] : null;
        return new InspectionCard(
            order.Id, stage, order.Status, order.Priority, order.Region, order.TechnicianId, order.Customer.Name, order.Product.Model,
            order.Product.Category, order.Product.Critical, order.InspectionRequirement, order.SelfCheck?.At, order.SelfCheck?.StandardCategory,
            order.SelfCheck?.StandardVersion, failed?.Notes, order.Clocks.LastOrDefault(c => c.Kind == ClockKind.Rework), order.Inspections.Count,
            order.Version, order.UpdatedAt);
    }
}
