using System.Globalization;
using FieldService.Grains.Common;
using FieldService.Technicians;

namespace FieldService.WebHost.Apis;

public sealed record SkillLevelBody(string? Name, int? Level);

public sealed record ShiftBody(string? Start, string? End);

/// <summary>A technician's profile (H1). Status, position and assignments are not part of it.</summary>
public sealed record TechnicianProfileRequest(
    string? Name, string? Region, IReadOnlyList<SkillLevelBody?>? Skills, GeoPointBody? Home, int? Capacity, ShiftBody? Shift)
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

    private static TimeOnly? Time(string? value, string field, Validation v)
    {
        if (TimeOnly.TryParseExact(value, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time;
        }

        v.Add(field, "must be a time of day such as 08:00");
        return null;
    }
}

public sealed record TechnicianStatusRequest(string? Status, string? Reason);
