using FieldService.Technicians;

namespace FieldService.Grains.Reports;

/// <summary>
/// When a technician is on shift, from their record as it stands (the audit trail records that a schedule changed,
/// not the schedule itself): the weekly shifts, else the profile's daily shift, else — as dispatch reads it — any
/// time; less their leave. Times of day are UTC, as dispatch's <c>OnShift</c> reads them; a shift whose end is not
/// after its start runs past midnight.
/// </summary>
public static class ShiftCalendar
{
    public static double OnShiftMinutes(Technician technician, DateTimeOffset from, DateTimeOffset to)
    {
        var shifts = Intervals.Union(ShiftsIn(technician, from, to), from, to);
        var leave = Intervals.Union(technician.Leave.Select(l => (l.From, l.To)), from, to);
        return Intervals.MinutesWithout(shifts, leave);
    }

    private static IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> ShiftsIn(Technician technician, DateTimeOffset from, DateTimeOffset to)
    {
        var weekly = technician.Shifts.Select(s => (Days: (IReadOnlyCollection<DayOfWeek>?)s.Days, s.Start, s.End)).ToList();
        if (weekly.Count == 0 && technician.Profile.Shift is { } daily)
        {
            weekly.Add((null, daily.Start, daily.End));
        }

        if (weekly.Count == 0)
        {
            yield return (from, to);
            yield break;
        }

        // From the day before: a night shift that started then may run into the period.
        for (var day = new DateTimeOffset(from.UtcDateTime.Date, TimeSpan.Zero).AddDays(-1); day < to; day = day.AddDays(1))
        {
            foreach (var (days, start, end) in weekly.Where(s => s.Days is null || s.Days.Contains(day.DayOfWeek)))
            {
                var begins = day + start.ToTimeSpan();
                yield return (begins, (start < end ? day : day.AddDays(1)) + end.ToTimeSpan());
            }
        }
    }
}
