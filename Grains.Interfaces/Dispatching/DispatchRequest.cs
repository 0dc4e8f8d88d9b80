using FieldService.WorkOrders;

namespace FieldService.Dispatching;

/// <summary>What a waiting order tells its region's dispatcher: enough to weigh it without asking the order again.</summary>
[GenerateSerializer, Immutable, Alias("fs.DispatchRequest")]
public sealed record DispatchRequest(
    [property: Id(0)] string WorkOrderId,
    [property: Id(1)] string Region,
    [property: Id(2)] Priority Priority,
    [property: Id(3)] DateTimeOffset ReportedAt,
    [property: Id(4)] GeoPoint? Location,
    [property: Id(5)] SkillRequirement Skill,
    [property: Id(6)] IReadOnlyList<string> Excluded,
    [property: Id(7)] string Trigger);
