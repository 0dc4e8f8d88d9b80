using FieldService.Dispatching;
using FieldService.Technicians;
using FieldService.WorkOrders;

namespace FieldService.Grains.Dispatching;

/// <summary>One order's outcome in a dispatch round: the technician it should be offered to (null: it keeps waiting)
/// and the decision that explains it.</summary>
public sealed record PlannedDispatch(DispatchRequest Order, string? TechnicianId, DispatchDecision Decision);

/// <summary>
/// Plans a dispatch round for the orders waiting together: emergencies first, on their own, then the rest with what
/// the emergencies left. Within each group every order may go to the technicians it is eligible for, and the
/// placement with the most orders placed and, among those, the least total score is taken (a technician's second
/// place carries the load of the first), so orders arriving at once are not given away greedily in arrival order
/// (<see cref="PlacementSolver"/>). Each order is weighed against its <see cref="ArcsPerOrder"/> best-scored eligible
/// technicians; an order left over while one of its other eligible technicians still has room is weighed again
/// against all of them, so cutting the candidates never leaves a feasible order waiting.
/// </summary>
public static class DispatchPlanner
{
    /// <summary>Candidates each order is first weighed against. The best placement rarely sends an order past its
    /// 40 best technicians, and 10,000 orders × 40 arcs keep the solver small.</summary>
    public const int ArcsPerOrder = 40;

    public static IReadOnlyList<PlannedDispatch> Plan(
        IReadOnlyList<DispatchRequest> waiting, IReadOnlyList<Technician> technicians, DispatchOptions options, DateTimeOffset now)
    {
        // Technicians in id order (ties and the excluded candidates recorded are listed by id), with what keeps each
        // one from any order whatever it is (leave, status, shift) worked out once per round.
        var roster = technicians.OrderBy(t => t.Id, StringComparer.Ordinal).ToArray();
        var load = roster.Select(t => t.Load).ToArray();
        var lasting = roster.Select(t => LastingExclusion(t, now)).ToArray();
        var planned = new List<PlannedDispatch>(waiting.Count);
        var ordered = DispatchRules.InQueueOrder(waiting, o => o.Priority, o => o.ReportedAt, o => o.WorkOrderId).Take(options.MaxBatch).ToList();
        foreach (var group in new[] { ordered.Where(o => o.Priority == Priority.Emergency).ToList(), ordered.Where(o => o.Priority != Priority.Emergency).ToList() })
        {
            if (group.Count > 0)
            {
                planned.AddRange(PlanGroup(group, roster, load, lasting, options, now, ordered.Count));
            }
        }

        return planned;
    }

    private static List<PlannedDispatch> PlanGroup(
        List<DispatchRequest> orders, Technician[] roster, int[] load, string?[] lasting, DispatchOptions options, DateTimeOffset now,
        int weighedTogether)
    {
        var serving = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        var skills = roster.Select(t => t.Profile.Skills.GroupBy(k => k.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().Level, StringComparer.OrdinalIgnoreCase)).ToArray();
        var top = Math.Max(ArcsPerOrder, options.CandidatesRecorded);
        var weighed = orders.Select(o => Weigh(o, roster, skills, load, lasting,
            serving.TryGetValue(o.Region, out var regions) ? regions : serving[o.Region] = options.ServingRegions(o.Region), options, top)).ToList();

        // The score splits into the order's part (travel, skill margin: the arc) and the technician's next place (the
        // load term, rising with each place): see DispatchRules.Score. Emergencies weigh travel alone.
        var emergency = orders[0].Priority == Priority.Emergency;
        var places = roster.Select((t, i) => Enumerable.Range(0, Math.Max(0, Math.Min(t.Profile.Capacity - load[i], orders.Count)))
            .Select(k => emergency ? 0 : options.Weights.Load * (load[i] + k) / t.Profile.Capacity).ToArray()).ToArray();
        var match = Place(weighed, places, ArcsPerOrder, options, emergency);

        // Cut candidates may have hidden a place: an order left over whose uncut candidates include a technician with
        // room is weighed again, with every order given all its candidates.
        var free = places.Select(p => p.Length).ToArray();
        foreach (var column in match.Where(m => m >= 0))
        {
            free[column]--;
        }

        if (Enumerable.Range(0, orders.Count).Any(r => match[r] < 0 && weighed[r].Eligible.Skip(ArcsPerOrder).Any(e => free[e.Technician] > 0)))
        {
            match = Place(weighed, places, int.MaxValue, options, emergency);
        }

        var plan = new List<PlannedDispatch>(orders.Count);
        for (var r = 0; r < orders.Count; r++)
        {
            var order = orders[r];
            string? chosen = null;
            if (match[r] >= 0)
            {
                chosen = roster[match[r]].Id;
                load[match[r]]++;
            }

            plan.Add(new PlannedDispatch(order, chosen, new DispatchDecision(
                order.WorkOrderId, now, order.Trigger, DispatchDecision.Automatic, chosen, Explain(weighed[r], roster, match[r], weighedTogether),
                weighed[r].Recorded(roster, options.CandidatesRecorded), weighedTogether)));
        }

        return plan;
    }

    /// <summary>
    /// The placement of one group. When its orders outnumber the free places, every place that can be filled is, so
    /// the load term adds the same whatever the choice, and the skill margin keeps no expert free for a harder job
    /// later: the orders are then placed by travel alone, which also chooses which orders are served now — those the
    /// field force reaches soonest (most repairs per hour of driving). Otherwise by the whole score.
    /// </summary>
    private static int[] Place(List<Weighed> weighed, double[][] places, int arcsPerOrder, DispatchOptions options, bool emergency)
    {
        var placeable = weighed.Count(w => w.Eligible.Length > 0);
        if (places.Sum(p => p.Length) < placeable)
        {
            var travelWeight = emergency ? options.Weights.EmergencyTravel : options.Weights.Travel;
            return Solve(weighed, places.Select(p => new double[p.Length]).ToArray(), arcsPerOrder, e => travelWeight * e.Minutes);
        }

        return Solve(weighed, places, arcsPerOrder, e => e.Arc);
    }

    private static int[] Solve(List<Weighed> weighed, double[][] places, int arcsPerOrder, Func<Eligible, double> cost) =>
        new PlacementSolver(weighed.Select(w => (IReadOnlyList<(int, double)>)w.Eligible.Take(arcsPerOrder).Select(e => (e.Technician, cost(e))).ToList()).ToList(), places)
            .Solve();

    /// <summary>The rules that exclude a technician from every order alike, in <see cref="DispatchRules.Exclusion"/>'s order.</summary>
    private static string? LastingExclusion(Technician technician, DateTimeOffset now) =>
        DispatchRules.OnLeave(technician, now) ? "on-leave"
        : technician.DutyStatus != TechnicianStatus.Available ? FieldService.Kebab.Of(technician.DutyStatus)
        : !DispatchRules.OnShift(technician, now) ? "off-shift"
        : null;

    /// <summary>One order against the roster: its eligible technicians (the <paramref name="top"/> best-scored first, in
    /// order, ties by id), and how many each rule excluded. The same rules as <see cref="DispatchRules.Exclusion"/>, with
    /// what does not depend on the order worked out once per round.</summary>
    private static Weighed Weigh(
        DispatchRequest order, Technician[] roster, Dictionary<string, int>[] skills, int[] load, string?[] lasting,
        IReadOnlySet<string> serving, DispatchOptions options, int top)
    {
        var eligible = new List<Eligible>();
        var excluded = new Dictionary<string, int>(StringComparer.Ordinal);
        var firstExcluded = new List<(int Technician, string Because, int Load)>();
        for (var i = 0; i < roster.Length; i++)
        {
            var technician = roster[i];
            var margin = skills[i].TryGetValue(order.Skill.Skill, out var level) && level >= order.Skill.Level ? level - order.Skill.Level : -1;
            var because = !serving.Contains(technician.Profile.Region) ? "other-region"
                : order.Excluded.Contains(technician.Id) ? "declined-or-timed-out"
                : margin < 0 ? "lacks-skill"
                : lasting[i] ?? (load[i] >= technician.Profile.Capacity ? "at-capacity" : null);
            if (because is not null)
            {
                excluded[because] = excluded.GetValueOrDefault(because) + 1;
                if (firstExcluded.Count < options.CandidatesRecorded)
                {
                    firstExcluded.Add((i, because, load[i]));
                }

                continue;
            }

            var (km, minutes) = DispatchRules.Travel(technician, order, options);
            var score = DispatchRules.Score(minutes, load[i], technician.Profile.Capacity, margin, order.Priority, options.Weights);
            var arc = order.Priority == Priority.Emergency
                ? options.Weights.EmergencyTravel * minutes
                : (options.Weights.Travel * minutes) + (options.Weights.SkillMargin * margin);
            eligible.Add(new Eligible(i, load[i], km, minutes, margin, score, arc));
        }

        return new Weighed(BestFirst(eligible, top), excluded, firstExcluded);
    }

    /// <summary>The <paramref name="top"/> best (least score, then roster order) first and in order; the rest after, unordered.</summary>
    private static Eligible[] BestFirst(List<Eligible> eligible, int top)
    {
        var all = eligible.ToArray();
        if (all.Length <= top)
        {
            Array.Sort(all, ByScore);
            return all;
        }

        // A bounded heap of the best seen (its root the worst of them), then those in order, then everyone else.
        var best = new PriorityQueue<int, Eligible>(top + 1, Comparer<Eligible>.Create((x, y) => ByScore(y, x)));
        for (var i = 0; i < all.Length; i++)
        {
            best.Enqueue(i, all[i]);
            if (best.Count > top)
            {
                best.Dequeue();
            }
        }

        var chosen = new bool[all.Length];
        var head = new Eligible[best.Count];
        for (var k = head.Length - 1; k >= 0; k--)
        {
            var i = best.Dequeue();
            chosen[i] = true;
            head[k] = all[i];
        }

        return [.. head, .. all.Where((_, i) => !chosen[i])];
    }

    private static int ByScore(Eligible x, Eligible y)
    {
        var byScore = x.Score.CompareTo(y.Score);
        return byScore != 0 ? byScore : x.Technician.CompareTo(y.Technician);
    }

    private static string Explain(Weighed weighed, Technician[] roster, int chosenIndex, int weighedTogether)
    {
        var eligible = weighed.Eligible.Length;
        var excluded = string.Join(", ", weighed.Excluded.OrderByDescending(e => e.Value).Select(e => $"{e.Value} {e.Key}"));
        var rules = excluded.Length == 0 ? "" : $"; excluded: {excluded}";
        if (chosenIndex < 0)
        {
            var all = eligible + weighed.Excluded.Values.Sum();
            return eligible == 0
                ? $"waiting: no technician meets the rules among {all}{rules}"
                : $"waiting: the {eligible} eligible technicians were given to more urgent or better placed orders of the {weighedTogether} weighed together{rules}";
        }

        var chosen = roster[chosenIndex].Id;
        var pick = weighed.Eligible.First(e => e.Technician == chosenIndex);
        var best = weighed.Eligible[0];
        var together = weighedTogether > 1 ? $" of the {weighedTogether} orders weighed together" : "";
        return best.Technician == chosenIndex
            ? $"{chosen} has the best score ({Round(pick.Score)}) of {eligible} eligible{rules}"
            : $"{chosen} (score {Round(pick.Score)}) gives the least total score{together}; {roster[best.Technician].Id} (score {Round(best.Score)}) served another order{rules}";
    }

    private static double Round(double value) => Math.Round(value, 2);

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 2) : null;

    /// <summary>An eligible technician for one order: its score as <see cref="DispatchRules.Score"/> gives it, and
    /// the order's part of it (travel, skill margin) that the solver weighs, the load being the place's.</summary>
    private readonly record struct Eligible(int Technician, int Load, double? Km, double Minutes, int Margin, double Score, double Arc);

    private sealed record Weighed(Eligible[] Eligible, Dictionary<string, int> Excluded, List<(int Technician, string Because, int Load)> FirstExcluded)
    {
        /// <summary>The candidates a decision records: the best eligible, then (when there are fewer) the excluded by id.
        /// Loads are as the round found them.</summary>
        public IReadOnlyList<DispatchCandidate> Recorded(Technician[] roster, int count) =>
            Eligible.Take(count).Select(e => new DispatchCandidate(roster[e.Technician].Id, null, Round(e.Km), Round(e.Minutes),
                    e.Load, roster[e.Technician].Profile.Capacity, e.Margin, Round(e.Score)))
                .Concat(FirstExcluded.Take(Math.Max(0, count - Eligible.Length)).Select(x => new DispatchCandidate(roster[x.Technician].Id, x.Because,
                    null, null, x.Load, roster[x.Technician].Profile.Capacity, null, null)))
                .ToList();
    }
}
