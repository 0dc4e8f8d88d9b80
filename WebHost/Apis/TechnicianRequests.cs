using System.ComponentModel.DataAnnotations;
using System.Globalization;
using FieldService.Technicians;

namespace FieldService.WebHost.Apis;

public sealed record SkillLevelBody(string? Name, int? Level);

public sealed record ShiftBody(string? Start, string? End);

/// <summary>A technician's profile (H1). Status, position and assignments are not part of it.</summary>
public sealed record TechnicianProfileRequest(
    [Required, MaxLength(Validation.MaxName)] string? Name,
    [Required, MaxLength(64)] string? Region,
    [Required] IReadOnlyList<SkillLevelBody?>? Skills,
    [Required] GeoPointBody? Home,
    [Required, Range(1, 20)] int? Capacity,
    ShiftBody? Shift)
{
    public Result<TechnicianProfile> ToProfile()
    {
        var v = new Validation();
        GeoPoint? home = null;
        if (Home is null)
        {
            v.Add("home", "is required");
        }
        else
        {
            home = Home.ToGeoPoint("home", v);
        }

        if (Capacity is null)
        {
            v.Add("capacity", "is required");
        }

        Shift? shift = null;
        if (Shift is { } s)
        {
            var start = Time(s.Start, "shift.start", v);
            var end = Time(s.End, "shift.end", v);
            shift = start is { } a && end is { } b ? new Shift(a, b) : null;
        }

        var skills = (Skills ?? []).Select(k => new Skill(k?.Name ?? "", k?.Level ?? 0)).ToArray();
        return v.ToFailure() is { } invalid
            ? invalid
            : Result<TechnicianProfile>.Ok(new TechnicianProfile(Name ?? "", Region ?? "", skills, home!, Capacity!.Value, shift));
    }

    internal static TimeOnly? Time(string? value, string field, Validation v)
    {
        if (TimeOnly.TryParseExact(value, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time;
        }

        v.Add(field, "must be a time of day such as 08:00");
        return null;
    }
}

public sealed record TechnicianStatusRequest([Required, KebabEnum(typeof(TechnicianStatus))] string? Status, [MaxLength(1000)] string? Reason);

public sealed record WeeklyShiftBody(IReadOnlyList<string?>? Days, string? Start, string? End);

/// <summary>The weekly schedule, in UTC; an empty list falls back to the profile's daily shift.</summary>
public sealed record ShiftsRequest([Required] IReadOnlyList<WeeklyShiftBody?>? Shifts)
{
    public Result<IReadOnlyList<WeeklyShift>> ToShifts()
    {
        var v = new Validation();
        if (Shifts is null)
        {
            v.Add("shifts", "is required (an empty list clears the weekly schedule)");
        }

        var shifts = new List<WeeklyShift>();
        for (var i = 0; i < (Shifts?.Count ?? 0); i++)
        {
            if (Shifts![i] is not { } body)
            {
                v.Add($"shifts[{i}]", "is required");
                continue;
            }

            var days = new List<DayOfWeek>();
            for (var d = 0; d < (body.Days?.Count ?? 0); d++)
            {
                if (Enum.TryParse<DayOfWeek>(body.Days![d], ignoreCase: true, out var day) && Enum.IsDefined(day) && !int.TryParse(body.Days[d], out _))
                {
                    days.Add(day);
                }
                else
                {
                    v.Add($"shifts[{i}].days[{d}]", "must be a weekday name such as monday");
                }
            }

            var start = TechnicianProfileRequest.Time(body.Start, $"shifts[{i}].start", v);
            var end = TechnicianProfileRequest.Time(body.End, $"shifts[{i}].end", v);
            if (start is { } a && end is { } b)
            {
                shifts.Add(new WeeklyShift(days, a, b));
            }
        }

        return v.ToFailure() is { } invalid ? invalid : Result<IReadOnlyList<WeeklyShift>>.Ok(shifts);
    }
}

public sealed record LeaveRequest([Required] DateTimeOffset? From, [Required] DateTimeOffset? To, [Required, MaxLength(1000)] string? Reason)
{
    public Result<LeavePeriod> ToLeave()
    {
        var v = new Validation();
        if (From is null)
        {
            v.Add("from", "is required");
        }

        if (To is null)
        {
            v.Add("to", "is required");
        }

        return v.ToFailure() is { } invalid ? invalid : Result<LeavePeriod>.Ok(new LeavePeriod("", From!.Value, To!.Value, Reason ?? ""));
    }
}
