namespace FieldService.WorkOrders;

/// <summary>E3: after an emergency, its causes, the shortfalls and the changes to the plan.</summary>
[GenerateSerializer, Immutable, Alias("fs.PostIncidentReview")]
public sealed record PostIncidentReview(
    [property: Id(0)] string Causes,
    [property: Id(1)] string Shortfalls,
    [property: Id(2)] string PlanChanges,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] string By);
