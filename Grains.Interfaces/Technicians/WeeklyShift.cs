namespace FieldService.Technicians;

/// <summary>Working hours (UTC) on the given weekdays; <see cref="End"/> before <see cref="Start"/> runs past midnight
/// into the next day.</summary>
[GenerateSerializer, Immutable, Alias("fs.WeeklyShift")]
public sealed record WeeklyShift(
    [property: Id(0)] IReadOnlyList<DayOfWeek> Days,
    [property: Id(1)] TimeOnly Start,
    [property: Id(2)] TimeOnly End);
