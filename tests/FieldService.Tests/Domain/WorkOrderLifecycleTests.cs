using FieldService.Grains.WorkOrders;
using FieldService.Tests.Infrastructure;
using FieldService.WorkOrders;

namespace FieldService.Tests.Domain;

/// <summary>The rules of the repair process, one test per rule, without a cluster.</summary>
public sealed class WorkOrderLifecycleTests
{
    private static readonly DateTimeOffset Now = ClusterFixture.Start;
    private static readonly Actor Agent = new("agent-1", "agent");
    private static readonly Actor Technician = new("user-t-1", "technician", TechnicianId: "t-1");

    /// <summary>Holds every role a step of the happy path needs, bound to technician t-1.</summary>
    private static readonly Actor Staff = new("ops-1", "agent+dispatcher+technician", TechnicianId: "t-1");

    /// <summary>The happy path, step by step: each status and the command that leaves it.</summary>
    private static readonly (WorkOrderStatus Status, WorkOrderCommand Next)[] Path =
    [
        (WorkOrderStatus.Reported, new Triage(true, "needs a visit")),
        (WorkOrderStatus.Triaged, new Dispatch("t-1")),
        (WorkOrderStatus.Dispatched, new Accept()),
        (WorkOrderStatus.Accepted, new StartTravel(Now.AddHours(1))),
        (WorkOrderStatus.EnRoute, new Arrive()),
        (WorkOrderStatus.OnSite, new Diagnose("worn compressor relay", false, null)),
        (WorkOrderStatus.Diagnosed, new StartRepair()),
        (WorkOrderStatus.InRepair, Checks.Complete("cooling restored")),
        (WorkOrderStatus.Completed, new RecordAcceptance("Ms Chen", "data:image/png;base64,iVBORw0KGgo=")),
        (WorkOrderStatus.CustomerAccepted, new CleanUp()),
        (WorkOrderStatus.CleanedUp, new RecordCallback(5, "quick and tidy", null)),
    ];

    private static WorkOrder Reported() =>
        WorkOrderLifecycle.Report("wo-1", null, Intakes.Fault(), Agent, Now).Value!.Order;

    /// <summary>The order walked along the happy path until it reaches <paramref name="status"/>.</summary>
    private static WorkOrder At(WorkOrderStatus status)
    {
        var order = Reported();
        foreach (var (_, next) in Path)
        {
            if (order.Status == status)
            {
                return order;
            }

            order = Step(order, next);
        }

        Assert.Equal(status, order.Status);
        return order;
    }

    private static WorkOrder Step(WorkOrder order, WorkOrderCommand command, Actor? actor = null)
    {
        var result = WorkOrderLifecycle.Decide(order.Id, order, command, actor ?? Staff, Now, quality: Checks.ContextFor(command, Now));
        Assert.True(result.Succeeded, $"{command.GetType().Name} from {order.Status} was refused: {result.Failure?.Message}");
        return result.Value!.Order;
    }

    private static Failure Refusal(WorkOrder? order, WorkOrderCommand command, Actor? actor = null)
    {
        var result = WorkOrderLifecycle.Decide("wo-1", order, command, actor ?? Staff, Now, quality: Checks.ContextFor(command, Now));
        Assert.False(result.Succeeded, $"{command.GetType().Name} should have been refused");
        return result.Failure!;
    }

    [Fact]
    public void P1_a_report_creates_a_reported_order_with_its_first_history_entry()
    {
        var change = WorkOrderLifecycle.Report("wo-1", null, Intakes.Fault(), Agent, Now).Value!;

        Assert.Equal(WorkOrderStatus.Reported, change.Order.Status);
        Assert.Equal(1, change.Order.Version);
        Assert.Equal(Now, change.Order.ReportedAt);
        Assert.Equal(("report", null, "reported", Agent), (change.Entry.Action, change.Entry.FromStatus, change.Entry.ToStatus, change.Entry.Actor));
    }

    [Fact]
    public void P1_a_report_for_an_existing_order_is_a_conflict()
    {
        var result = WorkOrderLifecycle.Report("wo-1", Reported(), Intakes.Fault(), Agent, Now);

        Assert.Equal(FailureKind.Conflict, result.Failure!.Kind);
    }

    [Fact]
    public void P1_an_intake_names_every_invalid_field()
    {
        var intake = Intakes.Fault() with
        {
            Customer = new Customer("", null, null, "", new GeoPoint(91, 0)),
            Region = "north pole",
            RequiredSkill = new SkillRequirement("hvac", 9),
            AgreedArrival = new TimeWindow(Now.AddHours(2), Now.AddHours(1)),
        };

        var failure = WorkOrderLifecycle.Report("wo-1", null, intake, Agent, Now).Failure!;

        Assert.Equal(FailureKind.Invalid, failure.Kind);
        Assert.Equal(
            ["agreedArrival.to", "customer.address", "customer.location.lat", "customer.name", "customer.phone", "region", "requiredSkill.level"],
            failure.Errors!.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void P1_triage_with_an_on_site_visit_waits_for_dispatch()
    {
        var order = Step(Reported(), new Triage(true, "needs a visit"), Agent);

        Assert.Equal((WorkOrderStatus.Triaged, true), (order.Status, order.OnSiteNeeded));
    }

    [Fact]
    public void Issue16_P4_triage_records_the_arrival_window_agreed_with_the_customer_and_dispatch_starts_its_clock()
    {
        var window = new TimeWindow(Now.AddHours(2), Now.AddHours(4));
        var terms = FieldService.Grains.Clocks.SlaTerms.Default(Priority.Normal);
        var triage = WorkOrderLifecycle.Decide("wo-1", Reported(), new Triage(true, null, window), Agent, Now, terms).Value!;

        Assert.Equal((window, window.To), (triage.Order.AgreedArrival, triage.Entry.Facts?.AgreedArrivalBy));
        var dispatched = WorkOrderLifecycle.Decide("wo-1", triage.Order, new Dispatch("t-1"), Agent, Now, terms).Value!.Order;
        Assert.Contains(dispatched.Clocks, c => c.Kind == FieldService.Clocks.ClockKind.Arrival && c.DueAt == window.To);
    }

    [Fact]
    public void Issue16_P4_a_window_agreed_at_triage_is_for_a_visit_in_the_future_and_ends_after_it_starts()
    {
        var failures = new[]
        {
            Refusal(Reported(), new Triage(false, null, new TimeWindow(Now.AddHours(2), Now.AddHours(4))), Agent),
            Refusal(Reported(), new Triage(true, null, new TimeWindow(Now.AddHours(4), Now.AddHours(2))), Agent),
            Refusal(Reported(), new Triage(true, null, new TimeWindow(Now.AddHours(-4), Now.AddHours(-2))), Agent),
        };

        Assert.Equal([["agreedArrival"], ["agreedArrival.to"], ["agreedArrival.to"]], failures.Select(f => f.Errors!.Keys.ToArray()));
    }

    [Fact]
    public void P1_triage_resolved_remotely_closes_the_order()
    {
        var order = Step(Reported(), new Triage(false, "reset by phone"), Agent);

        Assert.Equal((WorkOrderStatus.Closed, "resolved-remotely"), (order.Status, order.Resolution));
        Assert.Equal(Now, order.ClosedAt);
    }

    [Fact]
    public void P2_dispatch_records_the_technician_and_the_dispatch_time()
    {
        var order = Step(At(WorkOrderStatus.Triaged), new Dispatch("t-7"), Agent);

        Assert.Equal((WorkOrderStatus.Dispatched, "t-7", Now), (order.Status, order.TechnicianId, order.DispatchedAt));
    }

    [Fact]
    public void P2_an_untriaged_order_cannot_be_dispatched_and_the_refusal_names_its_state()
    {
        var failure = Refusal(Reported(), new Dispatch("t-7"));

        Assert.Equal((FailureKind.Conflict, "reported"), (failure.Kind, failure.CurrentStatus));
        Assert.Contains("triaged", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void P3_accept_confirms_a_dispatched_order()
    {
        var order = Step(At(WorkOrderStatus.Dispatched), new Accept());

        Assert.Equal((WorkOrderStatus.Accepted, Now), (order.Status, order.AcceptedAt));
    }

    [Fact]
    public void P3_accept_is_refused_unless_the_order_was_dispatched()
    {
        Assert.Equal("triaged", Refusal(At(WorkOrderStatus.Triaged), new Accept(), Actor.System).CurrentStatus);
    }

    [Fact]
    public void P3_decline_returns_the_order_to_dispatch_and_remembers_who_declined()
    {
        var order = Step(At(WorkOrderStatus.Dispatched), new DeclineOffer("out of refrigerant"));

        Assert.Equal(WorkOrderStatus.Triaged, order.Status);
        Assert.Null(order.TechnicianId);
        Assert.Equal(new DeclinedOffer("t-1", "out of refrigerant", Now), Assert.Single(order.Declines));
    }

    [Fact]
    public void P3_decline_needs_a_reason()
    {
        Assert.Contains("reason", Refusal(At(WorkOrderStatus.Dispatched), new DeclineOffer(" ")).Errors!.Keys);
    }

    [Fact]
    public void P4_the_technician_sets_off_after_accepting()
    {
        var order = Step(At(WorkOrderStatus.Accepted), new StartTravel(Now.AddMinutes(40)));

        Assert.Equal((WorkOrderStatus.EnRoute, Now.AddMinutes(40)), (order.Status, order.Eta));
    }

    [Fact]
    public void P4_a_delay_announced_in_advance_records_reason_and_new_eta_and_keeps_the_state()
    {
        var order = Step(At(WorkOrderStatus.EnRoute), new AnnounceDelay(Now.AddHours(2), "traffic on the ring road"));

        Assert.Equal((WorkOrderStatus.EnRoute, Now.AddHours(2)), (order.Status, order.Eta));
        Assert.Equal("traffic on the ring road", Assert.Single(order.Delays).Reason);
    }

    [Fact]
    public void P4_a_delay_needs_a_future_eta_and_a_reason()
    {
        var failure = Refusal(At(WorkOrderStatus.Accepted), new AnnounceDelay(Now.AddMinutes(-5), ""));

        Assert.Equal(["newEta", "reason"], failure.Errors!.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void P4_arrival_is_only_possible_en_route()
    {
        Assert.Equal("accepted", Refusal(At(WorkOrderStatus.Accepted), new Arrive()).CurrentStatus);
        Assert.Equal(WorkOrderStatus.OnSite, Step(At(WorkOrderStatus.EnRoute), new Arrive()).Status);
    }

    [Fact]
    public void P5_a_complex_fault_needs_an_estimate_of_time_and_cost()
    {
        var failure = Refusal(At(WorkOrderStatus.OnSite), new Diagnose("control board", Complex: true, Estimate: null));

        Assert.Contains("estimate", failure.Errors!.Keys);
    }

    [Fact]
    public void P5_the_diagnosis_records_cause_and_estimate()
    {
        var estimate = new Estimate(TimeSpan.FromHours(3), 450m);

        var order = Step(At(WorkOrderStatus.OnSite), new Diagnose("control board", true, estimate), Technician);

        Assert.Equal(WorkOrderStatus.Diagnosed, order.Status);
        Assert.Equal(new Diagnosis("control board", true, estimate, Now, Technician.Id), order.Diagnosis);
    }

    [Fact]
    public void P6_a_repair_can_wait_for_parts_and_resume()
    {
        var waiting = Step(At(WorkOrderStatus.InRepair), new AwaitParts([new PartNeed("RELAY-24V", 2, "relay")]));
        var resumed = Step(waiting, new StartRepair());

        Assert.Equal(WorkOrderStatus.AwaitingParts, waiting.Status);
        Assert.Equal(WorkOrderStatus.InRepair, resumed.Status);
        Assert.Equal(Now, Assert.Single(resumed.PartsWaits).Until);
    }

    [Fact]
    public void P6_waiting_for_parts_names_at_least_one_part_with_a_quantity()
    {
        Assert.Contains("parts", Refusal(At(WorkOrderStatus.InRepair), new AwaitParts([])).Errors!.Keys);
        Assert.Contains("parts[0].quantity", Refusal(At(WorkOrderStatus.InRepair), new AwaitParts([new PartNeed("X", 0, null)])).Errors!.Keys);
    }

    [Fact]
    public void M3_stock_that_arrives_is_reserved_again_only_while_the_order_waits_for_parts_and_only_by_the_platform()
    {
        var waiting = Step(At(WorkOrderStatus.InRepair), new AwaitParts([new PartNeed("RELAY-24V", 2, "relay")]));
        var arrived = new ReserveArrivedParts([new PartNeed("RELAY-24V", 2, null)]);

        var decided = WorkOrderLifecycle.Decide(waiting.Id, waiting, arrived, Actor.System, Now);
        Assert.True(decided.Succeeded, decided.Failure?.Message);
        Assert.Equal(WorkOrderStatus.AwaitingParts, decided.Value!.Order.Status);
        Assert.Equal("stock arrived: reserving 2 x RELAY-24V", decided.Value.Entry.Reason);
        var reserve = Assert.IsType<ReservePartsEffect>(Assert.Single(WorkOrderEffects.Of(waiting, decided.Value.Order, arrived, Actor.System)));
        Assert.True(reserve.Arrived); // no second shortage task when what arrived is not enough
        Assert.Equal(FailureKind.Conflict, Refusal(Step(waiting, new StartRepair()), arrived, Actor.System).Kind);
        Refusal(waiting, arrived, Staff); // a platform step: no caller gives it
    }

    [Fact]
    public void P6_progress_reports_are_kept_without_changing_the_state()
    {
        var order = Step(At(WorkOrderStatus.InRepair), new ReportProgress("replaced relay, testing"));

        Assert.Equal(WorkOrderStatus.InRepair, order.Status);
        Assert.Equal("replaced relay, testing", Assert.Single(order.Progress).Note);
    }

    [Fact]
    public void P7_a_repair_that_fails_its_self_check_cannot_be_completed()
    {
        var results = Checks.AllPassed().Select(r => r.ItemId == "function-test" ? r with { Passed = false, Note = "still warm" } : r).ToArray();
        var failure = Refusal(At(WorkOrderStatus.InRepair), new Complete(results, "still warm"));

        Assert.Equal(["checklist[0].passed"], failure.Errors!.Keys);
    }

    [Fact]
    public void P7_the_customer_signs_only_a_completed_repair()
    {
        Assert.Equal("in-repair", Refusal(At(WorkOrderStatus.InRepair), new RecordAcceptance("Ms Chen", "data:,x")).CurrentStatus);

        var order = Step(At(WorkOrderStatus.Completed), new RecordAcceptance("Ms Chen", "data:,x"));

        Assert.Equal(WorkOrderStatus.CustomerAccepted, order.Status);
        Assert.Equal(new CustomerSignature("Ms Chen", "data:,x", Now), order.Signature);
    }

    [Fact]
    public void P7_the_acceptance_needs_the_signer_and_the_signature()
    {
        var failure = Refusal(At(WorkOrderStatus.Completed), new RecordAcceptance("", ""));

        Assert.Equal(["signature", "signedBy"], failure.Errors!.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void P8_clean_up_follows_the_customer_acceptance()
    {
        Assert.Equal("completed", Refusal(At(WorkOrderStatus.Completed), new CleanUp()).CurrentStatus);
        Assert.Equal(WorkOrderStatus.CleanedUp, Step(At(WorkOrderStatus.CustomerAccepted), new CleanUp()).Status);
    }

    [Fact]
    public void P9_the_callback_closes_the_order_as_repaired()
    {
        var order = Step(At(WorkOrderStatus.CleanedUp), new RecordCallback(4, "good", "arrived late"), Agent);

        Assert.Equal((WorkOrderStatus.Closed, "repaired"), (order.Status, order.Resolution));
        Assert.Equal(new CallbackSurvey(4, "good", "arrived late", Now, Agent.Id), order.Callback);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public void P9_satisfaction_is_between_1_and_5(int satisfaction)
    {
        Assert.Contains("satisfaction", Refusal(At(WorkOrderStatus.CleanedUp), new RecordCallback(satisfaction, null, null)).Errors!.Keys);
    }

    [Theory]
    [MemberData(nameof(OpenStatuses))]
    public void Cancel_is_possible_from_every_open_state(WorkOrderStatus status)
    {
        var order = Step(At(status), new Cancel("customer withdrew"), Agent);

        Assert.Equal(WorkOrderStatus.Cancelled, order.Status);
        Assert.Equal("customer withdrew", order.Cancellation!.Reason);
    }

    [Fact]
    public void Closed_and_cancelled_orders_accept_no_further_step()
    {
        var closed = Step(At(WorkOrderStatus.CleanedUp), new RecordCallback(5, null, null));
        var cancelled = Step(Reported(), new Cancel("duplicate"));

        Assert.Equal("closed", Refusal(closed, new Cancel("late")).CurrentStatus);
        Assert.Equal("cancelled", Refusal(cancelled, new Triage(true, null)).CurrentStatus);
    }

    [Fact]
    public void Every_step_is_recorded_with_actor_from_to_and_the_next_sequence()
    {
        var order = Reported();
        foreach (var (status, next) in Path)
        {
            var change = WorkOrderLifecycle.Decide(order.Id, order, next, Staff, Now, quality: Checks.ContextFor(next, Now)).Value!;

            Assert.Equal(order.Version + 1, change.Entry.Sequence);
            Assert.Equal(change.Order.Version, change.Entry.Sequence);
            Assert.Equal(Staff, change.Entry.Actor);
            Assert.Equal(FieldService.Kebab.Of(status), change.Entry.FromStatus);
            Assert.Equal(FieldService.Kebab.Of(change.Order.Status), change.Entry.ToStatus);
            order = change.Order;
        }

        Assert.Equal(WorkOrderStatus.Closed, order.Status);
    }

    [Fact]
    public void A_refused_step_reports_an_unknown_order_as_not_found()
    {
        Assert.Equal(FailureKind.NotFound, Refusal(null, new Accept()).Kind);
    }

    public static TheoryData<WorkOrderStatus> OpenStatuses() => new(Path.Select(p => p.Status));
}
