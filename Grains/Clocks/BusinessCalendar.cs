namespace FieldService.Grains.Clocks;

/// <summary>Adds working time to an instant: only working days, between the daily start and end, never on a holiday.</summary>
public sealed class BusinessCalendar(BusinessHoursOptions hours)
{
    private readonly TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById(hours.TimeZone);

    public DateTimeOffset Add(DateTimeOffset start, TimeSpan duration)
    {
        var local = TimeZoneInfo.ConvertTime(start, zone).DateTime;
        var remaining = duration;
        for (var guard = 0; guard < 3660; guard++)
        {
            var day = DateOnly.FromDateTime(local);
            var open = day.ToDateTime(hours.Start);
            var close = day.ToDateTime(hours.End);
            if (IsWorkingDay(day) && local < close)
            {
                var from = local < open ? open : local;
                var available = close - from;
                if (remaining <= available)
                {
                    return ToInstant(from + remaining);
                }

                remaining -= available;
            }

            local = day.AddDays(1).ToDateTime(TimeOnly.MinValue);
        }

        throw new InvalidOperationException("The business calendar has no working time within ten years.");
    }

    private bool IsWorkingDay(DateOnly day) => hours.WorkingDays.Contains(day.DayOfWeek) && !hours.Holidays.Contains(day);

    private DateTimeOffset ToInstant(DateTime local) => new(local, zone.GetUtcOffset(local));
}
