namespace FieldService.WorkOrders;

/// <summary>Q3: the result of one checklist item, as the technician (self-check) or the inspector found it.</summary>
[GenerateSerializer, Immutable, Alias("fs.CheckResult")]
public sealed record CheckResult([property: Id(0)] string ItemId, [property: Id(1)] bool Passed, [property: Id(2)] string? Note = null);

/// <summary>Q3/P7: the technician's self-check of the repair, item by item against a version of the standard (Q1).</summary>
[GenerateSerializer, Immutable, Alias("fs.SelfCheck")]
public sealed record SelfCheck(
    [property: Id(0)] bool Passed,
    [property: Id(1)] string? Notes,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string? StandardCategory = null,
    [property: Id(4)] int StandardVersion = 0,
    [property: Id(5)] IReadOnlyList<CheckResult>? Results = null);
