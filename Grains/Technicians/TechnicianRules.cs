using FieldService.Grains.Common;
using FieldService.Technicians;

namespace FieldService.Grains.Technicians;

/// <summary>Pure decisions about a technician's profile and load.</summary>
public static class TechnicianRules
{
    public const string SubjectType = "technician";

    /// <summary>Most orders one technician may hold at once.</summary>
    public const int MaxCapacity = 20;

    /// <summary>Object-level access: a technician reads and updates only their own record; staff any.</summary>
    public static bool MayAccess(string technicianId, Actor actor) => TechnicianAccess.MayAccess(technicianId, actor);

    public static Failure? ValidateProfile(TechnicianProfile profile)
    {
        var v = new Validation();
        v.Required("name", profile.Name)
            .Identifier("region", profile.Region)
            .Position("home", profile.Home)
            .Range("capacity", profile.Capacity, 1, MaxCapacity);
        if (profile.Skills.Count == 0)
        {
            v.Add("skills", "must list at least one skill");
        }

        for (var i = 0; i < profile.Skills.Count; i++)
        {
            v.Required($"skills[{i}].name", profile.Skills[i].Name, 64).Range($"skills[{i}].level", profile.Skills[i].Level, 1, 5);
        }

        if (profile.Skills.GroupBy(s => s.Name, StringComparer.OrdinalIgnoreCase).Any(g => g.Count() > 1))
        {
            v.Add("skills", "must not list a skill twice");
        }

        if (profile.Shift is { } shift && shift.Start == shift.End)
        {
            v.Add("shift.end", "must differ from shift.start");
        }

        return v.ToFailure();
    }

    /// <summary>Most weekly shifts a schedule may have.</summary>
    public const int MaxShifts = 21;

    public static Failure? ValidateShifts(IReadOnlyList<WeeklyShift> shifts)
    {
        var v = new Validation();
        if (shifts.Count > MaxShifts)
        {
            v.Add("shifts", $"must list at most {MaxShifts} shifts");
        }

        for (var i = 0; i < Math.Min(shifts.Count, MaxShifts); i++)
        {
            if (shifts[i].Days.Count == 0)
            {
                v.Add($"shifts[{i}].days", "must name at least one day");
            }
            else if (shifts[i].Days.Distinct().Count() != shifts[i].Days.Count)
            {
                v.Add($"shifts[{i}].days", "must not name a day twice");
            }

            if (shifts[i].Start == shifts[i].End)
            {
                v.Add($"shifts[{i}].end", "must differ from start");
            }
        }

        return v.ToFailure();
    }

    public static Failure? ValidateLeave(LeavePeriod leave)
    {
        var v = new Validation().Required("reason", leave.Reason, 1000);
        if (leave.To <= leave.From)
        {
            v.Add("to", "must be after from");
        }
        else if (leave.To - leave.From > TimeSpan.FromDays(366))
        {
            v.Add("to", "must be at most 366 days after from");
        }

        return v.ToFailure();
    }

    /// <summary>Whether the technician can take one more order; null when they can.</summary>
    public static Failure? RefuseAssignment(Technician technician, string workOrderId)
    {
        if (technician.DutyStatus != TechnicianStatus.Available)
        {
            return Failure.Conflict(
                $"Technician {technician.Id} is {Kebab.Of(technician.DutyStatus)} and cannot take work order {workOrderId}.",
                Kebab.Of(technician.Status));
        }

        if (technician.Load >= technician.Profile.Capacity)
        {
            return Failure.Conflict(
                $"Technician {technician.Id} is at capacity ({technician.Load}/{technician.Profile.Capacity}) and cannot take work order {workOrderId}.",
                Kebab.Of(technician.Status));
        }

        return null;
    }
}
