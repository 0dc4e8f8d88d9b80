using FieldService.Dispatching;
using FieldService.Technicians;
using FieldService.WorkOrders;

namespace FieldService.Grains.Dispatching;

/// <summary>One order's outcome in a dispatch round: the technician it should be offered to (null: it keeps waiting)
/// and the decision that explains it.</summary>
public sealed record PlannedDispatch(DispatchRequest Order, string? TechnicianId, DispatchDecision Decision);

/// <summary>
/// Plans a dispatch round for the orders waiting together: emergencies first, on their own, then the rest with what
/// the emergencies left. Within each group every free place on every technician is a column and every order a
/// row, and the assignment with the least total score is taken (a technician's second place carries the load of the
/// first), so several orders arriving at once are not given away greedily in arrival order.
/// </summary>
public static class DispatchPlanner
{
    public static IReadOnlyList<PlannedDispatch> Plan(
        IReadOnlyList<DispatchRequest> waiting, IReadOnlyList<Technician> technicians, DispatchOptions options, DateTimeOffset now)
    {
        var load = technicians.ToDictionary(t => t.Id, t => t.Load, StringComparer.Ordinal);
        var planned = new List<PlannedDispatch>(waiting.Count);
        var ordered = DispatchRules.InQueueOrder(waiting, o => o.Priority, o => o.ReportedAt, o => o.WorkOrderId).Take(options.MaxBatch).ToList();
        foreach (var group in new[] { ordered.Where(o => o.Priority == Priority.Emergency).ToList(), ordered.Where(o => o.Priority != Priority.Emergency).ToList() })
        {
            if (group.Count > 0)
            {
                planned.AddRange(PlanGroup(group, technicians, load, options, now, ordered.Count));
            }
        }

        return planned;
    }

    private static IEnumerable<PlannedDispatch> PlanGroup(
        List<DispatchRequest> orders, IReadOnlyList<Technician> technicians, Dictionary<string, int> load, DispatchOptions options,
        DateTimeOffset now, int weighedTogether)
    {
        var candidates = orders.Select(o => DispatchRules.Candidates(o, technicians.Select(t => (t, load[t.Id])), options, now)).ToList();

        // The columns: each technician's free places, at most one per order of the group.
        var slots = new List<(Technician Technician, int Load)>();
        foreach (var technician in technicians)
        {
            var free = Math.Min(technician.Profile.Capacity - load[technician.Id], orders.Count);
            for (var k = 0; k < free; k++)
            {
                slots.Add((technician, load[technician.Id] + k));
            }
        }

        var cost = new double[orders.Count, slots.Count];
        for (var r = 0; r < orders.Count; r++)
        {
            var eligible = candidates[r].Where(c => c.Eligible).ToDictionary(c => c.TechnicianId, StringComparer.Ordinal);
            for (var c = 0; c < slots.Count; c++)
            {
                var (technician, slotLoad) = slots[c];
                cost[r, c] = eligible.TryGetValue(technician.Id, out var candidate)
                    ? DispatchRules.Score(candidate.TravelMinutes!.Value, slotLoad, technician.Profile.Capacity, candidate.SkillMargin!.Value,
                        orders[r].Priority, options.Weights)
                    : AssignmentSolver.Forbidden;
            }
        }

        var match = AssignmentSolver.Solve(cost);
        for (var r = 0; r < orders.Count; r++)
        {
            var order = orders[r];
            var chosen = match[r] >= 0 ? slots[match[r]].Technician.Id : null;
            if (chosen is not null)
            {
                load[chosen]++;
            }

            var recorded = candidates[r].Take(options.CandidatesRecorded).ToList();
            yield return new PlannedDispatch(order, chosen, new DispatchDecision(
                order.WorkOrderId, now, order.Trigger, DispatchDecision.Automatic, chosen, Explain(candidates[r], chosen, weighedTogether),
                recorded, weighedTogether));
        }
    }

    private static string Explain(IReadOnlyList<DispatchCandidate> candidates, string? chosen, int weighedTogether)
    {
        var eligible = candidates.Count(c => c.Eligible);
        var excluded = string.Join(", ", candidates.Where(c => !c.Eligible).GroupBy(c => c.ExcludedBecause)
            .OrderByDescending(g => g.Count()).Select(g => $"{g.Count()} {g.Key}"));
        var rules = excluded.Length == 0 ? "" : $"; excluded: {excluded}";
        if (chosen is null)
        {
            return eligible == 0
                ? $"waiting: no technician meets the rules among {candidates.Count}{rules}"
                : $"waiting: the {eligible} eligible technicians were given to more urgent or better placed orders of the {weighedTogether} weighed together{rules}";
        }

        var pick = candidates.First(c => c.TechnicianId == chosen);
        var best = candidates[0];
        var together = weighedTogether > 1 ? $" of the {weighedTogether} orders weighed together" : "";
        return best.TechnicianId == chosen
            ? $"{chosen} has the best score ({pick.Score}) of {eligible} eligible{rules}"
            : $"{chosen} (score {pick.Score}) gives the least total score{together}; {best.TechnicianId} (score {best.Score}) served another order{rules}";
    }
}
