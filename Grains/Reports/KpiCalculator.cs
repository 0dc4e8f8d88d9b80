using FieldService.Audit;
using FieldService.Reports;
using FieldService.Grains.WorkOrders;
using FieldService.Technicians;
using FieldService.WorkOrders;
using static FieldService.Grains.Reports.AuditFacts;

namespace FieldService.Grains.Reports;

/// <summary>
/// The managers' dashboard as a pure function of audit entries and the technicians' schedules: the figures of a
/// period and of each bucket of it. Compliance is <see cref="ComplianceCalculator"/>'s own answer for the same period
/// and region; the other figures follow the H2 definitions, pooled over every order (docs/reports.md). Facts recorded
/// after a bucket's end never change it, except compliance, whose cohort counts its orders' whole histories.
/// </summary>
public static class KpiCalculator
{
    /// <summary>The statuses in which an order is in its technician's hands: from their accept to the completion,
    /// with travel, diagnosis, repair and waiting for parts; a failed inspection puts it back in repair.</summary>
    private static readonly HashSet<string> Held = new[]
    {
        WorkOrderStatus.Accepted, WorkOrderStatus.EnRoute, WorkOrderStatus.OnSite, WorkOrderStatus.Diagnosed,
        WorkOrderStatus.InRepair, WorkOrderStatus.AwaitingParts,
    }.Select(s => Kebab.Of(s)).ToHashSet(StringComparer.Ordinal);

    /// <param name="entries">Each entry once: the period's entries and the whole histories of the orders they name.</param>
    /// <param name="technicians">The technicians whose utilisation counts (those of the region, if one is given).</param>
    /// <param name="now">Where an order still held at the end of the trail stops counting, if before the period's end.</param>
    public static KpiDashboard Compute(
        DateTimeOffset from, DateTimeOffset to, string? region, KpiBucket bucket, DateTimeOffset now,
        IReadOnlyCollection<AuditEntry> entries, IReadOnlyCollection<Technician> technicians)
    {
        var regions = entries.Where(e => IsStep(e, AuditActions.Report)).GroupBy(e => e.SubjectId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        bool InScope(string? workOrderId) =>
            workOrderId is not null && regions.TryGetValue(workOrderId, out var report) && ComplianceCalculator.InRegion(report, region);

        var histories = entries.Where(e => e.SubjectType == WorkOrderLifecycle.SubjectType && InScope(e.SubjectId))
            .GroupBy(e => e.SubjectId, StringComparer.Ordinal)
            .Select(g => g.OrderBy(e => e.Sequence).ToList())
            .ToList();
        var scoped = entries.Where(e => InScope(e.WorkOrderId)).ToList();
        var held = HeldIntervals(histories, now);

        KpiFigures Figures(DateTimeOffset f, DateTimeOffset t)
        {
            var within = scoped.Where(e => e.At >= f && e.At < t).ToList();
            var completed = histories
                .Select(h => h.Where(e => e.At < t).ToList())
                .Where(h => h.FirstOrDefault(e => IsStep(e, AuditActions.Complete)) is { } first && first.At >= f)
                .ToList();
            var fixedFirstTime = completed.Where(h => !h.Any(e => IsStep(e, AuditActions.AwaitParts) || IsFailedInspection(e))).ToList();
            var repairs = completed.Select(h => (Id: h[0].SubjectId, Minutes: AssessmentCalculator.RepairMinutes(h)))
                .Where(r => r.Minutes is not null).ToList();
            var inspections = within.Where(e => IsStep(e, AuditActions.Inspection)).ToList();
            var scores = within.Select(e => (e.SubjectId, Score: Satisfaction(e))).Where(s => s.Score is not null).ToList();
            var complaints = within.Where(IsComplaintOpened).ToList();

            return new KpiFigures(
                f,
                t,
                ComplianceCalculator.Compute(f, t, entries, region),
                new KpiShare(fixedFirstTime.Count, completed.Count, Ids(fixedFirstTime.Select(h => h[0].SubjectId)), Ids(completed.Select(h => h[0].SubjectId))),
                new KpiMean(repairs.Count, repairs.Count == 0 ? null : Math.Round(repairs.Average(r => r.Minutes!.Value), 1), Ids(repairs.Select(r => r.Id))),
                new KpiShare(inspections.Count(IsPassedInspection), inspections.Count,
                    Ids(inspections.Where(IsPassedInspection).Select(e => e.SubjectId)), Ids(inspections.Select(e => e.SubjectId))),
                new KpiMean(scores.Count, scores.Count == 0 ? null : Math.Round(scores.Average(s => s.Score!.Value), 2), Ids(scores.Select(s => s.SubjectId))),
                new KpiComplaints(complaints.Count, Ids(complaints.Select(e => e.SubjectId)), Ids(complaints.Select(e => e.WorkOrderId!))),
                UtilisationIn(f, t, technicians, held));
        }

        return new KpiDashboard(from, to, region, bucket, Figures(from, to), Buckets(from, to, bucket).Select(b => Figures(b.From, b.To)).ToList());
    }

    /// <summary>[from, to) cut at each calendar day, ISO week (Monday) or month boundary, UTC.</summary>
    public static IEnumerable<(DateTimeOffset From, DateTimeOffset To)> Buckets(DateTimeOffset from, DateTimeOffset to, KpiBucket bucket)
    {
        for (var start = from; start < to;)
        {
            var day = new DateTimeOffset(start.UtcDateTime.Date, TimeSpan.Zero);
            var next = bucket switch
            {
                KpiBucket.Day => day.AddDays(1),
                KpiBucket.Week => day.AddDays(7 - ((int)day.DayOfWeek + 6) % 7),
                _ => new DateTimeOffset(day.Year, day.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1),
            };
            var end = next < to ? next : to;
            yield return (start, end);
            start = end;
        }
    }

    /// <summary>Per technician, the stretches in which an order was in their hands: from each entry that leaves it in a
    /// held status naming them to the order's next entry (or <paramref name="now"/>), with the orders.</summary>
    private static Dictionary<string, List<(DateTimeOffset Start, DateTimeOffset End, string Order)>> HeldIntervals(
        IEnumerable<List<AuditEntry>> histories, DateTimeOffset now)
    {
        var held = new Dictionary<string, List<(DateTimeOffset, DateTimeOffset, string)>>(StringComparer.Ordinal);
        foreach (var history in histories)
        {
            for (var i = 0; i < history.Count; i++)
            {
                var entry = history[i];
                if (entry.TechnicianId is { } technician && entry.ToStatus is { } status && Held.Contains(status))
                {
                    var end = i + 1 < history.Count ? history[i + 1].At : now;
                    (held.TryGetValue(technician, out var list) ? list : held[technician] = []).Add((entry.At, end, entry.SubjectId));
                }
            }
        }

        return held;
    }

    private static Utilisation UtilisationIn(
        DateTimeOffset from, DateTimeOffset to, IEnumerable<Technician> technicians,
        IReadOnlyDictionary<string, List<(DateTimeOffset Start, DateTimeOffset End, string Order)>> held)
    {
        var lines = technicians.OrderBy(t => t.Id, StringComparer.Ordinal).Select(t =>
        {
            var mine = held.GetValueOrDefault(t.Id)?.Where(h => h.Start < to && h.End > from).ToList() ?? [];
            var assigned = Intervals.Minutes(Intervals.Union(mine.Select(h => (h.Start, h.End)), from, to));
            return new TechnicianUtilisation(t.Id, t.Profile.Name, Math.Round(assigned, 1), Math.Round(ShiftCalendar.OnShiftMinutes(t, from, to), 1),
                Ids(mine.Select(h => h.Order)));
        }).ToList();
        return new Utilisation(Math.Round(lines.Sum(l => l.AssignedMinutes), 1), Math.Round(lines.Sum(l => l.ShiftMinutes), 1), lines);
    }

    private static List<string> Ids(IEnumerable<string> ids) => ids.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
}
