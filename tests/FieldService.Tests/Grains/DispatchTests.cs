using FieldService.Audit;
using FieldService.Dispatching;
using FieldService.Technicians;
using FieldService.Tests.Infrastructure;
using FieldService.WorkOrders;

namespace FieldService.Tests.Grains;

/// <summary>P2/P3/E2: automatic dispatch, driven by the triggers of issue 5. Each test works in a region of its own.</summary>
public sealed class DispatchTests(DispatchClusterFixture fixture) : IClassFixture<DispatchClusterFixture>
{
    private static readonly Actor Agent = new("agent-1", Roles.Agent);
    private static readonly Actor Dispatcher = new("disp-1", Roles.Dispatcher);
    private static readonly GeoPoint Site = new(31.29, 121.52);

    private IGrainFactory Grains => fixture.Grains;

    private static string NewRegion() => "r-" + Guid.NewGuid().ToString("N")[..8];

    private async Task<string> TechnicianAsync(string region, GeoPoint at, int level = 4, int capacity = 1, string? id = null)
    {
        id ??= "t-" + Guid.NewGuid().ToString("N")[..8];
        var profile = new TechnicianProfile("Tech " + id, region, [new Skill("hvac", level)], at, capacity, null);
        Assert.True((await Grains.GetGrain<ITechnicianGrain>(id).SaveProfileAsync(profile, Dispatcher)).Succeeded);
        return id;
    }

    private async Task<IWorkOrderGrain> TriagedAsync(string region, Priority priority = Priority.Normal)
    {
        var order = Grains.GetGrain<IWorkOrderGrain>(Guid.NewGuid().ToString());
        Assert.True((await order.ReportAsync(Intakes.Fault(region, priority: priority), Agent)).Succeeded);
        Assert.True((await order.ExecuteAsync(new Triage(true, null), Agent)).Succeeded);
        return order;
    }

    private Task<AuditEntry> DispatchedAsync(IWorkOrderGrain order, int nth = 1)
    {
        var id = order.GetPrimaryKeyString();
        bool Match(AuditEntry e) => e.SubjectId == id && e.Action == "dispatch" && fixture.Audit.Where(x => x.SubjectId == id && x.Action == "dispatch").Count >= nth;
        var what = $"dispatch number {nth} of work order {id}";
        return fixture.Audit.WaitForAsync(Match, what);
    }

    private async Task<string?> TechnicianOfAsync(IWorkOrderGrain order) => (await order.GetAsync())!.TechnicianId;

    [Fact]
    public async Task P2_an_order_triaged_on_site_goes_to_the_best_fitting_technician_without_anyone_touching_it()
    {
        var region = NewRegion();
        var near = await TechnicianAsync(region, new GeoPoint(31.30, 121.52));
        var far = await TechnicianAsync(region, new GeoPoint(31.60, 121.52));
        var junior = await TechnicianAsync(region, new GeoPoint(31.29, 121.52), level: 1);
        var elsewhere = await TechnicianAsync(NewRegion(), new GeoPoint(31.29, 121.52));

        var order = await TriagedAsync(region);
        var dispatched = await DispatchedAsync(order);

        Assert.Equal(near, await TechnicianOfAsync(order));
        Assert.Equal(Actor.System, dispatched.Actor);
        var decision = (await order.GetDispatchDecisionAsync())!;
        Assert.Equal((DispatchDecision.Automatic, "triage", near), (decision.Mode, decision.Trigger, decision.TechnicianId));
        Assert.Equal([near, far], decision.Candidates.Where(c => c.Eligible).Select(c => c.TechnicianId));
        Assert.True(decision.Candidates[0].Score < decision.Candidates[1].Score);
        Assert.Equal("lacks-skill", decision.Candidates.Single(c => c.TechnicianId == junior).ExcludedBecause);
        Assert.DoesNotContain(decision.Candidates, c => c.TechnicianId == elsewhere);
        Assert.Contains(order.GetPrimaryKeyString(), (await Grains.GetGrain<ITechnicianGrain>(near).GetAsync())!.Assignments);
    }

    [Fact]
    public async Task P3_a_declined_order_goes_to_the_next_technician_and_never_back_to_the_one_who_declined()
    {
        var region = NewRegion();
        var first = await TechnicianAsync(region, new GeoPoint(31.30, 121.52));
        var second = await TechnicianAsync(region, new GeoPoint(31.40, 121.52));
        var order = await TriagedAsync(region);
        await DispatchedAsync(order);
        Assert.Equal(first, await TechnicianOfAsync(order));

        Assert.True((await order.ExecuteAsync(new DeclineOffer("van broke down"), new Actor(first, Roles.Technician, TechnicianId: first))).Succeeded);
        await DispatchedAsync(order, nth: 2);

        Assert.Equal(second, await TechnicianOfAsync(order));
        var decision = (await order.GetDispatchDecisionAsync())!;
        Assert.Equal("decline", decision.Trigger);
        Assert.Equal("declined-or-timed-out", decision.Candidates.Single(c => c.TechnicianId == first).ExcludedBecause);
        Assert.Empty((await Grains.GetGrain<ITechnicianGrain>(first).GetAsync())!.Assignments);
    }

    [Fact]
    public async Task P3_an_offer_not_accepted_within_15_minutes_goes_to_the_next_technician()
    {
        var region = NewRegion();
        var first = await TechnicianAsync(region, new GeoPoint(31.30, 121.52));
        var second = await TechnicianAsync(region, new GeoPoint(31.40, 121.52));
        var order = await TriagedAsync(region);
        await DispatchedAsync(order);
        // The offer's P3 clock is what the jump must find armed: its reminder, not only whichever the silo had seen.
        await TimerWatch.ReminderArmedAsync(fixture.Silo, order, "sla-clocks", $"the P3 accept clock of {order.GetPrimaryKeyString()} armed after the offer");

        await fixture.AdvanceAsync(TimeSpan.FromMinutes(16));
        await DispatchedAsync(order, nth: 2);

        Assert.Equal(second, await TechnicianOfAsync(order));
        Assert.Equal("accept-timeout", (await order.GetDispatchDecisionAsync())!.Trigger);
        await fixture.Audit.WaitForAsync(e => e.SubjectId == first && e.Action == "missed-accept", $"the missed accept on {first}'s record");
        var missed = (await Grains.GetGrain<ITechnicianGrain>(first).GetAsync())!;
        Assert.Equal([order.GetPrimaryKeyString()], missed.MissedAccepts.Select(m => m.WorkOrderId));
        Assert.Empty(missed.Assignments);
    }

    [Fact]
    public async Task P2_an_order_pulled_back_waits_held_until_a_dispatcher_asks_dispatch_to_place_it()
    {
        var region = NewRegion();
        var technician = await TechnicianAsync(region, new GeoPoint(31.30, 121.52));
        var order = await TriagedAsync(region);
        await DispatchedAsync(order);

        var pulled = await order.ExecuteAsync(new PullBack("customer asked for a later visit"), Dispatcher);
        Assert.Equal((WorkOrderStatus.Triaged, true, null), (pulled.Value!.Status, pulled.Value.DispatchHeld, pulled.Value.TechnicianId));
        Assert.Empty((await Grains.GetGrain<ITechnicianGrain>(technician).GetAsync())!.Assignments);
        Assert.Empty(await Grains.GetGrain<IDispatcherGrain>(region).GetQueueAsync());

        Assert.True((await order.ExecuteAsync(new RequestDispatch("customer ready"), Dispatcher)).Succeeded);
        await DispatchedAsync(order, nth: 2);

        Assert.Equal(technician, await TechnicianOfAsync(order));
        Assert.Equal("request-dispatch", (await order.GetDispatchDecisionAsync())!.Trigger);
    }

    [Fact]
    public async Task P2_a_manual_assignment_records_its_reason_and_the_order_leaves_the_queue()
    {
        var region = NewRegion();
        var busy = await TechnicianAsync(region, new GeoPoint(31.30, 121.52));
        Assert.True((await Grains.GetGrain<ITechnicianGrain>(busy).SetStatusAsync(TechnicianStatus.Busy, "training", Dispatcher)).Succeeded);
        var order = await TriagedAsync(region);
        Assert.Single(await Grains.GetGrain<IDispatcherGrain>(region).GetQueueAsync());

        var manual = await TechnicianAsync(NewRegion(), new GeoPoint(31.30, 121.52), id: "t-manual-" + Guid.NewGuid().ToString("N")[..6]);
        Assert.True((await order.ExecuteAsync(new Dispatch(manual, "knows this site"), Dispatcher)).Succeeded);

        var decision = (await order.GetDispatchDecisionAsync())!;
        Assert.Equal((DispatchDecision.Manual, manual), (decision.Mode, decision.TechnicianId));
        Assert.Contains("knows this site", decision.Explanation, StringComparison.Ordinal);
        Assert.Contains("knows this site", (await order.GetHistoryAsync())[^1].Reason, StringComparison.Ordinal);
        Assert.Empty(await Grains.GetGrain<IDispatcherGrain>(region).GetQueueAsync());
    }

    [Fact]
    public async Task P2_a_reassigned_order_moves_from_one_technician_to_the_other_with_a_fresh_accept_clock_and_its_reason()
    {
        var region = NewRegion();
        var first = await TechnicianAsync(region, new GeoPoint(31.30, 121.52));
        var order = await TriagedAsync(region);
        await DispatchedAsync(order);
        var firstActor = new Actor("user-" + first, Roles.Technician, TechnicianId: first);
        Assert.True((await order.ExecuteAsync(new Accept(), firstActor)).Succeeded);
        Assert.True((await order.ExecuteAsync(new StartTravel(fixture.Time.GetUtcNow().AddHours(1)), firstActor)).Succeeded);
        // Of another region, so automatic dispatch of this one never offers them anything on its own.
        var second = await TechnicianAsync(NewRegion(), new GeoPoint(31.31, 121.52));

        var noReason = await order.ExecuteAsync(new Reassign(second, " "), Dispatcher);
        Assert.Equal((FailureKind.Invalid, "reason"), (noReason.Failure!.Kind, Assert.Single(noReason.Failure.Errors!.Keys)));
        var same = await order.ExecuteAsync(new Reassign(first, "again"), Dispatcher);
        Assert.Equal((FailureKind.Invalid, "technicianId"), (same.Failure!.Kind, Assert.Single(same.Failure.Errors!.Keys)));
        Assert.Equal(WorkOrderStatus.EnRoute, (await order.GetAsync())!.Status); // the refusals changed nothing

        var moved = (await order.ExecuteAsync(new Reassign(second, "first technician's van broke down"), Dispatcher)).Value!;

        Assert.Equal((WorkOrderStatus.Dispatched, second, null, null, null), (moved.Status, moved.TechnicianId, moved.AcceptedAt, moved.EnRouteAt, moved.Eta));
        var accepts = moved.Clocks.Where(c => c.Kind == Clocks.ClockKind.Accept).ToArray();
        Assert.Equal(2, accepts.Length);
        Assert.NotNull(accepts[0].MetAt);
        Assert.Equal((fixture.Time.GetUtcNow(), true), (accepts[1].StartedAt, accepts[1].IsRunning)); // the P3 time starts anew for the second
        var entry = (await order.GetHistoryAsync())[^1];
        Assert.Equal(("reassign", Dispatcher), (entry.Action, entry.Actor));
        Assert.Contains("first technician's van broke down", entry.Reason, StringComparison.Ordinal);
        await fixture.Audit.WaitForAsync(e => e.SubjectId == first && e.Action == "release" && e.WorkOrderId == order.GetPrimaryKeyString(), $"{first} released from the order");
        Assert.Empty((await Grains.GetGrain<ITechnicianGrain>(first).GetAsync())!.Assignments);
        Assert.Equal([order.GetPrimaryKeyString()], (await Grains.GetGrain<ITechnicianGrain>(second).GetAsync())!.Assignments);

        // Nobody to take it from: an order waiting for dispatch is not reassignable.
        var waiting = await TriagedAsync(NewRegion());
        var refused = await waiting.ExecuteAsync(new Reassign(second, "closer"), Dispatcher);
        Assert.Equal((FailureKind.Conflict, "triaged"), (refused.Failure!.Kind, refused.Failure.CurrentStatus));
    }

    [Fact]
    public async Task P2_an_offer_failing_after_the_batched_take_gives_the_place_back_and_the_next_round_places_the_order()
    {
        var region = NewRegion();
        var technician = await TechnicianAsync(region, new GeoPoint(31.30, 121.52), capacity: 2);
        var order = Grains.GetGrain<IWorkOrderGrain>(Guid.NewGuid().ToString());
        var id = order.GetPrimaryKeyString();
        Assert.True((await order.ReportAsync(Intakes.Fault(region), Agent)).Succeeded);
        fixture.Faults.FailOnce("dispatch-offer", id);

        Assert.True((await order.ExecuteAsync(new Triage(true, null), Agent)).Succeeded);
        await DispatchedAsync(order);

        Assert.Equal(technician, await TechnicianOfAsync(order));
        Assert.Equal([id], (await Grains.GetGrain<ITechnicianGrain>(technician).GetAsync())!.Assignments);
        // The failed offer's take was given back before the order was taken again: the load replays to one.
        Assert.Equal(["assign", "release", "assign"],
            fixture.Audit.Where(e => e.SubjectId == technician && e.WorkOrderId == id).OrderBy(e => e.Sequence).Select(e => e.Action));
    }

    [Fact]
    public async Task P2_a_waiting_order_goes_out_the_moment_a_new_technician_is_registered()
    {
        var region = NewRegion();
        var order = await TriagedAsync(region);
        var queue = await Grains.GetGrain<IDispatcherGrain>(region).GetQueueAsync();
        Assert.Equal([order.GetPrimaryKeyString()], queue.Select(q => q.WorkOrderId));

        var technician = await TechnicianAsync(region, new GeoPoint(31.30, 121.52));
        await DispatchedAsync(order);

        Assert.Equal(technician, await TechnicianOfAsync(order));
    }

    [Fact]
    public async Task P2_a_waiting_order_goes_out_when_its_technician_is_freed_by_a_cancelled_order()
    {
        var region = NewRegion();
        var technician = await TechnicianAsync(region, new GeoPoint(31.30, 121.52));
        var first = await TriagedAsync(region);
        await DispatchedAsync(first);
        var second = await TriagedAsync(region);
        var waiting = (await Grains.GetGrain<IDispatcherGrain>(region).GetQueueAsync()).Single();
        Assert.Equal(second.GetPrimaryKeyString(), waiting.WorkOrderId);

        Assert.True((await first.ExecuteAsync(new Cancel("customer fixed it"), Agent)).Succeeded);
        await DispatchedAsync(second);

        Assert.Equal(technician, await TechnicianOfAsync(second));
    }

    [Fact]
    public async Task P2_a_waiting_order_goes_out_when_its_technician_finishes_the_previous_job()
    {
        var region = NewRegion();
        var technician = await TechnicianAsync(region, new GeoPoint(31.30, 121.52));
        var tech = new Actor(technician, Roles.Technician, TechnicianId: technician);
        var first = await TriagedAsync(region);
        await DispatchedAsync(first);
        var second = await TriagedAsync(region);

        WorkOrderCommand[] job =
        [
            new Accept(), new StartTravel(null), new Arrive(), new Diagnose("fan motor", false, null), new StartRepair(),
            Checks.Complete(), new RecordAcceptance("Ms Chen", "data:image/png;base64,iVBORw0KGgo="), new CleanUp(),
        ];
        foreach (var step in job[..^1])
        {
            Assert.True((await first.ExecuteAsync(step, tech)).Succeeded, step.GetType().Name);
            if (step is Complete)
            {
                // Sampling is pinned to Always: every completion waits for its inspection.
                await Checks.HandOverAsync(first);
            }
            Assert.Null(await TechnicianOfAsync(second));
        }

        Assert.True((await first.ExecuteAsync(job[^1], tech)).Succeeded);
        await DispatchedAsync(second);
        Assert.Equal(technician, await TechnicianOfAsync(second));
    }

    [Fact]
    public async Task P2_a_waiting_order_goes_out_when_its_technician_is_available_again()
    {
        var region = NewRegion();
        var technician = await TechnicianAsync(region, new GeoPoint(31.30, 121.52));
        Assert.True((await Grains.GetGrain<ITechnicianGrain>(technician).SetStatusAsync(TechnicianStatus.Busy, "training", Dispatcher)).Succeeded);
        var order = await TriagedAsync(region);
        var attempt = await Grains.GetGrain<IDispatcherGrain>(region).GetAttemptAsync(order.GetPrimaryKeyString());
        Assert.Contains("1 busy", attempt!.Explanation, StringComparison.Ordinal);

        Assert.True((await Grains.GetGrain<ITechnicianGrain>(technician).SetStatusAsync(TechnicianStatus.Available, null, Dispatcher)).Succeeded);
        await DispatchedAsync(order);

        Assert.Equal(technician, await TechnicianOfAsync(order));
    }

    /// <summary>A dispatcher keeps its verdicts in memory; collected and woken by the read itself, it has not yet heard
    /// from the orders it nudges, so the read hands it the order's request and gets the verdict planned again.</summary>
    [Fact]
    public async Task P2_a_waiting_order_still_says_why_it_waits_after_its_dispatcher_was_collected()
    {
        var region = NewRegion();
        var technician = await TechnicianAsync(region, new GeoPoint(31.30, 121.52));
        Assert.True((await Grains.GetGrain<ITechnicianGrain>(technician).SetStatusAsync(TechnicianStatus.Busy, "training", Dispatcher)).Succeeded);
        var order = await TriagedAsync(region);
        var directory = Grains.GetGrain<IWorkOrderDirectoryGrain>(0);
        Assert.Contains("1 busy", (await directory.DispatchDecisionAsync(order.GetPrimaryKeyString(), Dispatcher))!.Explanation, StringComparison.Ordinal);

        // Only the dispatcher goes: collecting the whole silo would also reset what this class's other tests rely on.
        await Grains.GetGrain<IDispatcherGrain>(region).Cast<Orleans.Core.Internal.IGrainManagementExtension>().DeactivateOnIdle();

        var after = await directory.DispatchDecisionAsync(order.GetPrimaryKeyString(), Dispatcher);
        Assert.True(after is not null, "a waiting order read right after its dispatcher was collected had no dispatch verdict (404)");
        Assert.Contains("1 busy", after.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task P2_a_waiting_order_goes_out_when_its_technician_s_shift_starts_and_not_to_one_on_leave()
    {
        var region = NewRegion();
        var now = fixture.Time.GetUtcNow();
        var start = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddHours(now.Hour + 2);
        var shiftWorker = await TechnicianAsync(region, new GeoPoint(31.35, 121.52));
        var onLeave = await TechnicianAsync(region, new GeoPoint(31.30, 121.52));
        var shift = new WeeklyShift([start.DayOfWeek], TimeOnly.FromDateTime(start.UtcDateTime), TimeOnly.FromDateTime(start.UtcDateTime.AddHours(8)));
        Assert.True((await Grains.GetGrain<ITechnicianGrain>(shiftWorker).SetShiftsAsync([shift], Dispatcher)).Succeeded);
        Assert.True((await Grains.GetGrain<ITechnicianGrain>(onLeave).AddLeaveAsync(
            new LeavePeriod("", now.AddDays(-1), now.AddDays(3), "annual leave"), Dispatcher)).Succeeded);

        var order = await TriagedAsync(region);
        var attempt = (await Grains.GetGrain<IDispatcherGrain>(region).GetAttemptAsync(order.GetPrimaryKeyString()))!;
        Assert.Equal(["off-shift", "on-leave"], attempt.Candidates.Select(c => c.ExcludedBecause).Order(StringComparer.Ordinal));

        await fixture.AdvanceAsync(start - now);
        await DispatchedAsync(order);

        Assert.Equal(shiftWorker, await TechnicianOfAsync(order));
    }

    [Fact]
    public async Task P2_a_waiting_order_goes_out_when_its_technician_s_leave_ends()
    {
        var region = NewRegion();
        var now = fixture.Time.GetUtcNow();
        var technician = await TechnicianAsync(region, new GeoPoint(31.30, 121.52));
        Assert.True((await Grains.GetGrain<ITechnicianGrain>(technician).AddLeaveAsync(
            new LeavePeriod("", now.AddHours(-1), now.AddHours(2), "training course"), Dispatcher)).Succeeded);
        var order = await TriagedAsync(region);
        var attempt = (await Grains.GetGrain<IDispatcherGrain>(region).GetAttemptAsync(order.GetPrimaryKeyString()))!;
        Assert.Equal("on-leave", attempt.Candidates.Single().ExcludedBecause);

        await fixture.AdvanceAsync(TimeSpan.FromHours(2));
        await DispatchedAsync(order);

        Assert.Equal(technician, await TechnicianOfAsync(order));
    }

    [Fact]
    public async Task P2_two_hundred_concurrent_intakes_against_ten_technicians_of_capacity_one_overbook_nobody_and_lose_nothing()
    {
        var region = NewRegion();
        var technicians = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => TechnicianAsync(region, new GeoPoint(31.2 + (i * 0.01), 121.5))));

        var orders = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => TriagedAsync(region)));
        try
        {
            await NoOverbookingAsync(orders, technicians, region);
        }
        finally
        {
            // 190 waiting orders would otherwise wake on every later jump of the shared fake clock (retries, the
            // 1-hour clock, 10 offers running out) and slow the tests that follow in this cluster.
            await Task.WhenAll(orders.Select(o => o.ExecuteAsync(new Cancel("test over"), Agent)));
        }
    }

    private async Task NoOverbookingAsync(IWorkOrderGrain[] orders, string[] technicians, string region)
    {
        var ids = orders.Select(o => o.GetPrimaryKeyString()).ToHashSet();
        await fixture.Audit.WaitForAsync(
            _ => fixture.Audit.Where(e => e.Action == "dispatch" && ids.Contains(e.SubjectId)).Count >= 10, "10 of the 200 orders dispatched");

        var states = await Task.WhenAll(orders.Select(o => o.GetAsync()));
        var queued = (await Grains.GetGrain<IDispatcherGrain>(region).GetQueueAsync()).Select(q => q.WorkOrderId).ToHashSet();
        var assigned = states.Where(o => o!.TechnicianId is not null).ToList();

        Assert.Equal(10, assigned.Count);
        Assert.Equal(10, assigned.Select(o => o!.TechnicianId).Distinct().Count());
        Assert.Equal(190, queued.Count);
        Assert.All(states, o => Assert.True(o!.TechnicianId is not null || queued.Contains(o.Id), $"{o.Id} is neither assigned nor queued"));
        foreach (var technician in technicians)
        {
            // Replaying the technician's own audit trail: their load never went above 1.
            var load = 0;
            foreach (var entry in fixture.Audit.Where(e => e.SubjectType == "technician" && e.SubjectId == technician).OrderBy(e => e.Sequence))
            {
                load += entry.Action switch { "assign" => 1, "release" or "missed-accept" => -1, _ => 0 };
                Assert.InRange(load, 0, 1);
            }

            Assert.Equal(1, (await Grains.GetGrain<ITechnicianGrain>(technician).GetAsync())!.Load);
        }
    }

    [Fact]
    public async Task E2_an_emergency_is_placed_before_older_normal_orders_waiting_in_the_same_queue()
    {
        var region = NewRegion();
        var technician = await TechnicianAsync(region, new GeoPoint(31.30, 121.52));
        Assert.True((await Grains.GetGrain<ITechnicianGrain>(technician).SetStatusAsync(TechnicianStatus.Busy, "lunch", Dispatcher)).Succeeded);
        var normal = await TriagedAsync(region);
        await fixture.AdvanceAsync(TimeSpan.FromMinutes(1));
        var emergency = await TriagedAsync(region, Priority.Emergency);

        var queue = await Grains.GetGrain<IDispatcherGrain>(region).GetQueueAsync();
        Assert.Equal([emergency.GetPrimaryKeyString(), normal.GetPrimaryKeyString()], queue.Select(q => q.WorkOrderId));

        Assert.True((await Grains.GetGrain<ITechnicianGrain>(technician).SetStatusAsync(TechnicianStatus.Available, null, Dispatcher)).Succeeded);
        await DispatchedAsync(emergency);

        Assert.Equal(technician, await TechnicianOfAsync(emergency));
        Assert.Null(await TechnicianOfAsync(normal));
    }
}
