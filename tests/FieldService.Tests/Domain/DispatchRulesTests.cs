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
    public void P2_the_solver_matches_as_many_rows_as_possible_then_the_cheapest_and_never_a_forbidden_pair()
    {
        var random = new Random(7);
        for (var round = 0; round < 200; round++)
        {
            var rows = random.Next(1, 6);
            var columns = random.Next(1, 6);
            var cost = new double[rows, columns];
            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < columns; c++)
                {
                    cost[r, c] = random.NextDouble() < 0.3 ? AssignmentSolver.Forbidden : random.Next(0, 100);
                }
            }

            var match = AssignmentSolver.Solve(cost);
            var (bestCount, bestCost) = BruteForce(cost, 0, new bool[columns]);

            Assert.Equal(match.Distinct().Count(m => m >= 0), match.Count(m => m >= 0));
            Assert.All(Enumerable.Range(0, rows).Where(r => match[r] >= 0), r => Assert.False(double.IsInfinity(cost[r, match[r]])));
            Assert.Equal(bestCount, match.Count(m => m >= 0));
            Assert.Equal(bestCost, Enumerable.Range(0, rows).Where(r => match[r] >= 0).Sum(r => cost[r, match[r]]));
        }
    }

    /// <summary>Most rows matched, then least cost, by trying everything.</summary>
    private static (int Count, double Cost) BruteForce(double[,] cost, int row, bool[] taken)
    {
        if (row == cost.GetLength(0))
        {
            return (0, 0);
        }

        var best = BruteForce(cost, row + 1, taken);
        for (var c = 0; c < cost.GetLength(1); c++)
        {
            if (taken[c] || double.IsInfinity(cost[row, c]))
            {
                continue;
            }

            taken[c] = true;
            var (count, total) = BruteForce(cost, row + 1, taken);
            taken[c] = false;
            if (count + 1 > best.Count || (count + 1 == best.Count && total + cost[row, c] < best.Cost))
            {
                best = (count + 1, total + cost[row, c]);
            }
        }

        return best;
    }
}
