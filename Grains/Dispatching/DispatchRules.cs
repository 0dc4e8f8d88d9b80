using FieldService.Dispatching;
using FieldService.Technicians;
using FieldService.WorkOrders;

namespace FieldService.Grains.Dispatching;

/// <summary>Pure dispatch rules: who may take an order (the hard rules) and how well they fit (the score).</summary>
public static class DispatchRules
{
    private const double EarthRadiusKm = 6371.0088;

    /// <summary>Great-circle distance in km.</summary>
    public static double DistanceKm(GeoPoint a, GeoPoint b)
    {
        static double Rad(double degrees) => degrees * Math.PI / 180;
        var dLat = Rad(b.Lat - a.Lat);
        var dLon = Rad(b.Lon - a.Lon);
        var h = Math.Pow(Math.Sin(dLat / 2), 2) + Math.Cos(Rad(a.Lat)) * Math.Cos(Rad(b.Lat)) * Math.Pow(Math.Sin(dLon / 2), 2);
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    /// <summary>Whether the schedule has the technician working at <paramref name="now"/> (UTC).</summary>
    public static bool OnShift(Technician technician, DateTimeOffset now)
    {
        var at = now.UtcDateTime;
        var time = TimeOnly.FromDateTime(at);
        if (technician.Shifts.Count > 0)
        {
            return technician.Shifts.Any(s => Covers(s.Days.Contains(at.DayOfWeek), s.Days.Contains(at.AddDays(-1).DayOfWeek), s.Start, s.End, time));
        }

        return technician.Profile.Shift is not { } daily || Covers(true, true, daily.Start, daily.End, time);
    }

    private static bool Covers(bool today, bool yesterday, TimeOnly start, TimeOnly end, TimeOnly time) =>
        start < end
            ? today && time >= start && time < end
            : (today && time >= start) || (yesterday && time < end);

    public static bool OnLeave(Technician technician, DateTimeOffset now) =>
        technician.DutyStatus == TechnicianStatus.OnLeave || technician.Leave.Any(l => l.From <= now && now < l.To);

    /// <summary>Whether the technician could take some order now: available, on shift, not on leave, below capacity.</summary>
    public static bool CanTakeWork(Technician technician, DateTimeOffset now) =>
        technician.DutyStatus == TechnicianStatus.Available && OnShift(technician, now) && !OnLeave(technician, now)
        && technician.Load < technician.Profile.Capacity;

    /// <summary>The next moment the technician's schedule or leave lets them work again (a shift starts or a leave
    /// ends), within a week; null when there is none.</summary>
    public static DateTimeOffset? NextAvailabilityChange(Technician technician, DateTimeOffset now)
    {
        var candidates = technician.Leave.Where(l => l.To > now).Select(l => l.To).ToList();
        var starts = technician.Shifts.Count > 0
            ? technician.Shifts.SelectMany(s => s.Days.Select(d => (Day: (DayOfWeek?)d, s.Start)))
            : technician.Profile.Shift is { } daily ? [(Day: (DayOfWeek?)null, daily.Start)] : [];
        var midnight = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        for (var day = 0; day <= 7; day++)
        {
            var date = midnight.AddDays(day);
            candidates.AddRange(starts.Where(s => s.Day is null || s.Day == date.DayOfWeek)
                .Select(s => date + s.Start.ToTimeSpan()).Where(t => t > now));
        }

        return candidates.Count == 0 ? null : candidates.Min();
    }

    /// <summary>The hard rules, in order (the lasting reasons before the passing ones); the first one broken excludes
    /// the technician (null: eligible).</summary>
    public static string? Exclusion(Technician technician, DispatchRequest order, IReadOnlySet<string> servingRegions, DateTimeOffset now, int load)
    {
        if (!servingRegions.Contains(technician.Profile.Region))
        {
            return "other-region";
        }

        if (order.Excluded.Contains(technician.Id))
        {
            return "declined-or-timed-out";
        }

        if (SkillMargin(technician, order.Skill) is null)
        {
            return "lacks-skill";
        }

        if (OnLeave(technician, now))
        {
            return "on-leave";
        }

        if (technician.DutyStatus != TechnicianStatus.Available)
        {
            return Kebab(technician.DutyStatus);
        }

        if (!OnShift(technician, now))
        {
            return "off-shift";
        }

        if (load >= technician.Profile.Capacity)
        {
            return "at-capacity";
        }

        return null;
    }

    /// <summary>Levels above the need, or null when the technician lacks the skill or its level.</summary>
    public static int? SkillMargin(Technician technician, SkillRequirement need) =>
        technician.Profile.Skills.FirstOrDefault(s => string.Equals(s.Name, need.Skill, StringComparison.OrdinalIgnoreCase)) is { } skill
        && skill.Level >= need.Level
            ? skill.Level - need.Level
            : null;

    public static (double? DistanceKm, double TravelMinutes) Travel(Technician technician, DispatchRequest order, DispatchOptions options)
    {
        var from = technician.Location ?? technician.Profile.Home;
        if (order.Location is not { } to)
        {
            return (null, options.UnknownTravelMinutes);
        }

        var km = DistanceKm(from, to);
        return (km, km / options.SpeedKmh * 60);
    }

    /// <summary>The score of an eligible technician carrying <paramref name="load"/> orders (lower is better).</summary>
    public static double Score(double travelMinutes, int load, int capacity, int skillMargin, Priority priority, DispatchWeights weights) =>
        priority == Priority.Emergency
            ? weights.EmergencyTravel * travelMinutes
            : (weights.Travel * travelMinutes) + (weights.Load * load / capacity) + (weights.SkillMargin * skillMargin);

    /// <summary>Every technician weighed for one order: the eligible best first, then the excluded.</summary>
    public static IReadOnlyList<DispatchCandidate> Candidates(
        DispatchRequest order, IEnumerable<(Technician Technician, int Load)> technicians, DispatchOptions options, DateTimeOffset now)
    {
        var serving = options.ServingRegions(order.Region);
        return technicians.Select(t =>
            {
                var excluded = Exclusion(t.Technician, order, serving, now, t.Load);
                if (excluded is not null)
                {
                    return new DispatchCandidate(t.Technician.Id, excluded, null, null, t.Load, t.Technician.Profile.Capacity, null, null);
                }

                var (km, minutes) = Travel(t.Technician, order, options);
                var margin = SkillMargin(t.Technician, order.Skill)!.Value;
                var score = Score(minutes, t.Load, t.Technician.Profile.Capacity, margin, order.Priority, options.Weights);
                return new DispatchCandidate(t.Technician.Id, null, Round(km), Round(minutes), t.Load, t.Technician.Profile.Capacity, margin, Round(score));
            })
            .OrderBy(c => c.Eligible ? 0 : 1).ThenBy(c => c.Score).ThenBy(c => c.TechnicianId, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Urgency first (emergency, high, normal, low), then age.</summary>
    public static IOrderedEnumerable<T> InQueueOrder<T>(IEnumerable<T> items, Func<T, Priority> priority, Func<T, DateTimeOffset> reportedAt, Func<T, string> id) =>
        items.OrderBy(priority).ThenBy(reportedAt).ThenBy(id, StringComparer.Ordinal);

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 2) : null;

    private static string Kebab(TechnicianStatus status) => FieldService.Kebab.Of(status);
}
