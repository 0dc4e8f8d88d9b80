using FieldService.Dispatching;
using FieldService.Grains.Dispatching;
using FieldService.Technicians;
using FieldService.WorkOrders;

namespace FieldService.Tests.Domain;

/// <summary>P2/E2: the hard rules and the score of automatic dispatch, and the assignment solver under them.</summary>
public sealed class DispatchRulesTests
{
    // Wednesday 2026-11-25 10:00 UTC.
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private static readonly GeoPoint Site = new(31.20, 121.50);
    private static readonly DispatchOptions Options = new() { Neighbours = { ["north"] = ["east"] } };

    private static Technician Tech(string id, GeoPoint at, string region = "north", int level = 3, int capacity = 2, int load = 0,
        TechnicianStatus duty = TechnicianStatus.Available, Shift? shift = null) => new()
    {
        Id = id,
        Profile = new TechnicianProfile(id, region, [new Skill("hvac", level)], at, capacity, shift),
        DutyStatus = duty,
        Location = at,
        Assignments = Enumerable.Range(0, load).Select(i => $"held-{i}").ToArray(),
    };

    private static DispatchRequest Order(string id = "wo-1", Priority priority = Priority.Normal, int level = 2, GeoPoint? at = null,
        string[]? excluded = null, DateTimeOffset? reportedAt = null) =>
        new(id, "north", priority, reportedAt ?? Now, at ?? Site, new SkillRequirement("hvac", level), excluded ?? [], "triage");

    private static string? Exclusion(Technician t, DispatchRequest order) =>
        DispatchRules.Exclusion(t, order, Options.ServingRegions(order.Region), Now, t.Load);

    [Fact]
    public void P2_hard_rules_exclude_other_regions_missing_skill_leave_off_duty_off_shift_full_and_previous_decliners()
    {
        var near = new GeoPoint(31.21, 121.50);
        Assert.Null(Exclusion(Tech("ok", near), Order()));
        Assert.Null(Exclusion(Tech("neighbour", near, region: "east"), Order()));
        Assert.Equal("other-region", Exclusion(Tech("far", near, region: "south"), Order()));
        Assert.Equal("lacks-skill", Exclusion(Tech("junior", near, level: 1), Order(level: 2)));
        Assert.Equal("on-leave", Exclusion(Tech("away", near) with
        {
            Leave = [new LeavePeriod("leave-1", Now.AddDays(-1), Now.AddDays(1), "holiday")],
        }, Order()));
        Assert.Equal("on-leave", Exclusion(Tech("away2", near, duty: TechnicianStatus.OnLeave), Order()));
        Assert.Equal("busy", Exclusion(Tech("busy", near, duty: TechnicianStatus.Busy), Order()));
        Assert.Equal("off-shift", Exclusion(Tech("night", near, shift: new Shift(new(20, 0), new(6, 0))), Order()));
        Assert.Equal("at-capacity", Exclusion(Tech("full", near, capacity: 1, load: 1), Order()));
        Assert.Equal("declined-or-timed-out", Exclusion(Tech("decliner", near), Order(excluded: ["decliner"])));
    }

    [Fact]
    public void P2_weekly_shifts_cover_their_days_and_run_past_midnight()
    {
        var technician = Tech("t", Site) with
        {
            Shifts = [new WeeklyShift([DayOfWeek.Tuesday], new(22, 0), new(6, 0)), new WeeklyShift([DayOfWeek.Wednesday], new(9, 0), new(17, 0))],
        };

        Assert.True(DispatchRules.OnShift(technician, Now)); // Wednesday 10:00
        Assert.True(DispatchRules.OnShift(technician, new DateTimeOffset(2026, 11, 25, 5, 0, 0, TimeSpan.Zero))); // Tuesday's night shift
        Assert.False(DispatchRules.OnShift(technician, new DateTimeOffset(2026, 11, 25, 18, 0, 0, TimeSpan.Zero)));
        Assert.False(DispatchRules.OnShift(technician, new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero))); // Thursday
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 22, 0, 0, TimeSpan.Zero),
            DispatchRules.NextAvailabilityChange(technician, new DateTimeOffset(2026, 11, 25, 18, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void P2_the_nearest_technician_scores_best_and_load_and_spare_skill_count_against()
    {
        var order = Order();
        var near = Tech("near", new GeoPoint(31.21, 121.50));
        var far = Tech("far", new GeoPoint(31.40, 121.50));
        var nearButLoaded = Tech("loaded", new GeoPoint(31.21, 121.50), capacity: 2, load: 1);
        var nearExpert = Tech("expert", new GeoPoint(31.21, 121.50), level: 5);

        var ranked = DispatchRules.Candidates(order, new[] { far, nearButLoaded, near, nearExpert }.Select(t => (t, t.Load)), Options, Now);

        Assert.Equal(["near", "expert", "loaded", "far"], ranked.Select(c => c.TechnicianId));
        Assert.InRange(ranked[0].DistanceKm!.Value, 1.0, 1.2); // 0.01° of latitude ≈ 1.11 km
        Assert.Equal(ranked[0].DistanceKm!.Value / Options.SpeedKmh * 60, ranked[0].TravelMinutes!.Value, precision: 1);
    }

    [Fact]
    public void E2_an_emergency_is_scored_by_travel_alone()
    {
        var loadedNear = Tech("loaded-near", new GeoPoint(31.21, 121.50), capacity: 10, load: 9, level: 5);
        var idleFar = Tech("idle-far", new GeoPoint(31.25, 121.50));
        var options = new DispatchOptions { Weights = { Load = 1000 } };

        var normal = DispatchRules.Candidates(Order(), new[] { loadedNear, idleFar }.Select(t => (t, t.Load)), options, Now);
        var emergency = DispatchRules.Candidates(Order(priority: Priority.Emergency), new[] { loadedNear, idleFar }.Select(t => (t, t.Load)), options, Now);

        Assert.Equal("idle-far", normal[0].TechnicianId);
        Assert.Equal("loaded-near", emergency[0].TechnicianId);
    }

    [Fact]
    public void E2_emergencies_are_placed_first_and_never_behind_older_normal_orders()
    {
        var only = Tech("only", new GeoPoint(31.21, 121.50), capacity: 1);
        var older = Order("normal-old", reportedAt: Now.AddHours(-3));
        var emergency = Order("emergency", Priority.Emergency, reportedAt: Now);

        var plan = DispatchPlanner.Plan([older, emergency], [only], Options, Now);

        Assert.Equal("only", plan.Single(p => p.Order.WorkOrderId == "emergency").TechnicianId);
        var waiting = plan.Single(p => p.Order.WorkOrderId == "normal-old");
        Assert.Null(waiting.TechnicianId);
        Assert.StartsWith("waiting:", waiting.Decision.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void P2_a_batch_is_placed_for_the_least_total_travel_not_greedily_in_arrival_order()
    {
        // Alone, A (1 km from t1) gets t1. Weighed together with B, who is at t1's door, B gets t1 and A t2:
        // 27.6 km of travel in all instead of the 29.6 km that handing t1 to A first would cost.
        var t1 = Tech("t1", new GeoPoint(31.00, 121.00), capacity: 1);
        var t2 = Tech("t2", new GeoPoint(31.00, 121.30), capacity: 1);
        var a = Order("a", at: new GeoPoint(31.00, 121.01), reportedAt: Now.AddMinutes(-2));
        var b = Order("b", at: new GeoPoint(31.00, 121.00), reportedAt: Now.AddMinutes(-1));
        var options = new DispatchOptions { Weights = { Load = 0, SkillMargin = 0 } };

        var alone = DispatchPlanner.Plan([a], [t1, t2], options, Now).Single();
        var together = DispatchPlanner.Plan([a, b], [t1, t2], options, Now);

        Assert.Equal("t1", alone.TechnicianId);
        Assert.Equal(("t2", "t1"), (together.Single(p => p.Order.WorkOrderId == "a").TechnicianId, together.Single(p => p.Order.WorkOrderId == "b").TechnicianId));
    }

    [Fact]
    public void P2_when_orders_outnumber_the_places_the_places_go_by_travel_and_when_they_fit_all_are_placed()
    {
        // One expert (level 5), one place. "hard" needs level 5, 6 km off; "easy" needs level 1, 1 km off: by the whole
        // score (travel + 2 minutes per spare level) the expert is kept for "hard"; with a second place both go.
        var expert = Tech("expert", new GeoPoint(31.00, 121.00), level: 5, capacity: 1);
        var hard = Order("hard", level: 5, at: new GeoPoint(31.054, 121.00));
        var easy = Order("easy", level: 1, at: new GeoPoint(31.009, 121.00));
        Assert.True(DispatchRules.Score(1.5, 0, 1, 4, Priority.Normal, Options.Weights) > DispatchRules.Score(9, 0, 1, 0, Priority.Normal, Options.Weights),
            "the instance: hard's whole score is the better one, so only travel-first can explain the choice below");

        var busy = DispatchPlanner.Plan([hard, easy], [expert], Options, Now);
        var roomy = DispatchPlanner.Plan([hard, easy], [expert with { Profile = expert.Profile with { Capacity = 2 } }], Options, Now);

        // Two orders for one place: the one reached soonest is served now.
        Assert.Equal(("expert", null), (busy.Single(p => p.Order.WorkOrderId == "easy").TechnicianId, busy.Single(p => p.Order.WorkOrderId == "hard").TechnicianId));
        Assert.All(roomy, p => Assert.Equal("expert", p.TechnicianId));
    }

    [Fact]
    public void P2_the_solver_places_as_many_orders_as_possible_within_capacities_at_the_least_cost_for_what_it_places_and_never_a_forbidden_pair()
    {
        // Both ways of searching are met: from the orders when they are fewer than the places, from the places when
        // the orders outnumber them. When every unit of the searched side is placed the cost is the least of all
        // maximum placements; otherwise the least among those placing the same orders (searched from the orders) or
        // filling the same places (from the places).
        var random = new Random(7);
        var (fewerOrders, moreOrders, notAll) = (0, 0, 0);
        for (var round = 0; round < 400; round++)
        {
            var rows = random.Next(1, 7);
            var columns = random.Next(1, 4);
            var arcs = Enumerable.Range(0, rows).Select(_ => (IReadOnlyList<(int Column, double Cost)>)Enumerable.Range(0, columns)
                .Where(_ => random.NextDouble() > 0.3).Select(c => (c, (double)random.Next(0, 100))).ToList()).ToList();
            // Places whose cost rises with the load, as the load term does.
            var places = Enumerable.Range(0, columns).Select(_ =>
            {
                var step = random.Next(0, 20);
                return Enumerable.Range(0, random.Next(0, 3)).Select(k => (double)(k * step)).ToArray();
            }).ToList();

            var match = new PlacementSolver(arcs, places).Solve();
            var fromPlaces = places.Sum(p => p.Length) < arcs.Count(a => a.Count > 0);
            _ = fromPlaces ? moreOrders++ : fewerOrders++;
            var all = Placements(arcs, places);
            var bestCount = all.Max(p => p.Count);
            var searched = fromPlaces ? places.Sum(p => p.Length) : arcs.Count(a => a.Count > 0);
            bool Same(int[] other) => fromPlaces
                ? Enumerable.Range(0, columns).All(c => other.Count(m => m == c) == match.Count(m => m == c))
                : Enumerable.Range(0, rows).All(r => (other[r] >= 0) == (match[r] >= 0));
            var comparable = match.Count(m => m >= 0) == searched ? all.Where(p => p.Count == bestCount) : all.Where(p => Same(p.Match));
            _ = match.Count(m => m >= 0) == searched ? 0 : notAll++;

            Assert.All(Enumerable.Range(0, rows).Where(r => match[r] >= 0), r => Assert.Contains(arcs[r], a => a.Column == match[r]));
            Assert.All(Enumerable.Range(0, columns), c => Assert.True(match.Count(m => m == c) <= places[c].Length, $"column {c} over its places"));
            Assert.Equal(bestCount, match.Count(m => m >= 0));
            Assert.Equal(comparable.Min(p => p.Cost), Cost(arcs, places, match), 6);
        }

        Assert.True(fewerOrders > 50 && moreOrders > 50 && notAll > 10,
            $"{fewerOrders} instances with fewer orders than places, {moreOrders} with more, {notAll} where not all of the searched side fit");
    }

    private static double Cost(List<IReadOnlyList<(int Column, double Cost)>> arcs, List<double[]> places, int[] match) =>
        Enumerable.Range(0, match.Length).Where(r => match[r] >= 0).Sum(r => arcs[r].First(a => a.Column == match[r]).Cost)
        + Enumerable.Range(0, places.Count).Sum(c => places[c].Take(match.Count(m => m == c)).Sum());

    /// <summary>Every placement within the arcs and the places, with its count and cost, by trying everything.</summary>
    private static List<(int[] Match, int Count, double Cost)> Placements(List<IReadOnlyList<(int Column, double Cost)>> arcs, List<double[]> places)
    {
        var found = new List<(int[], int, double)>();
        var match = new int[arcs.Count];
        var used = new int[places.Count];
        Try(0);
        return found;

        void Try(int row)
        {
            if (row == arcs.Count)
            {
                found.Add(((int[])match.Clone(), match.Count(m => m >= 0), Cost(arcs, places, match)));
                return;
            }

            match[row] = -1;
            Try(row + 1);
            foreach (var (c, _) in arcs[row])
            {
                if (used[c] < places[c].Length)
                {
                    used[c]++;
                    match[row] = c;
                    Try(row + 1);
                    used[c]--;
                    match[row] = -1;
                }
            }
        }
    }
}
