using FieldService.Audit;
using FieldService.Clocks;
using FieldService.Escalations;
using FieldService.Technicians;
using FieldService.Tests.Infrastructure;
using FieldService.WorkOrders;

namespace FieldService.Tests.Grains;

/// <summary>
/// The regulation's clocks enforce themselves: driven by the fake clock, real Orleans reminders fire each breach
/// once, never for a met clock, and once only when overdue by many periods. Waits are on the audit signal.
/// </summary>
public sealed class ClockTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static readonly Actor Agent = new("agent-1", Roles.Agent);
    private static readonly Actor Dispatcher = new("disp-1", Roles.Dispatcher);
    private static readonly Actor EmergencyMember = new("em-1", Roles.Emergency);

    private IGrainFactory Grains => fixture.Grains;

    private DateTimeOffset Now => fixture.Time.GetUtcNow();

    private static Actor TechnicianActor(string id) => new("user-" + id, Roles.Technician, TechnicianId: id);

    private async Task<string> TechnicianAsync()
    {
        var id = "t-" + Guid.NewGuid().ToString("N")[..8];
        var profile = new TechnicianProfile("Li Wei", "north", [new Skill("hvac", 4)], new GeoPoint(31.3, 121.5), 3, null);
        await Grains.GetGrain<ITechnicianGrain>(id).SaveProfileAsync(profile, Dispatcher);
        return id;
    }

    private async Task<IWorkOrderGrain> ReportAsync(Priority priority = Priority.Normal, TimeWindow? arrival = null)
    {
        var grain = Grains.GetGrain<IWorkOrderGrain>(Guid.NewGuid().ToString());
        var result = await grain.ReportAsync(Intakes.Fault(priority: priority) with { AgreedArrival = arrival }, Agent);
        Assert.True(result.Succeeded, result.Failure?.Message);
        return grain;
    }

    private async Task<(IWorkOrderGrain Order, string TechnicianId)> DispatchedAsync(Priority priority = Priority.Normal, TimeWindow? arrival = null)
    {
        var technicianId = await TechnicianAsync();
        var order = await ReportAsync(priority, arrival);
        await Step(order, new Triage(true, null), Agent);
        await Step(order, new Dispatch(technicianId), Dispatcher);
        return (order, technicianId);
    }

    private static async Task<WorkOrder> Step(IWorkOrderGrain order, WorkOrderCommand command, Actor actor)
    {
        var result = await order.ExecuteAsync(command, actor);
        Assert.True(result.Succeeded, $"{command.GetType().Name}: {result.Failure?.Message}");
        return result.Value!;
    }

    /// <summary>Delivers a reminder tick by hand, as a late or repeated reminder would.</summary>
    private Task Tick(IWorkOrderGrain order) =>
        order.AsReference<IRemindable>().ReceiveReminder("sla-clocks", TickNow());

    private TickStatus TickNow() => new(Now.UtcDateTime, TimeSpan.FromMinutes(1), Now.UtcDateTime);

    private Task<AuditEntry> BreachAsync(IWorkOrderGrain order, string clause) => fixture.Audit.WaitForAsync(
        e => e.SubjectId == order.GetPrimaryKeyString() && e.Action == "breach" && e.Reason!.StartsWith(clause + ":", StringComparison.Ordinal),
        $"the {clause} breach of work order {order.GetPrimaryKeyString()}");

    private IReadOnlyList<AuditEntry> Breaches(IWorkOrderGrain order) =>
        fixture.Audit.Where(e => e.SubjectId == order.GetPrimaryKeyString() && e.Action == "breach");

    private static async Task<SlaClock> ClockAsync(IWorkOrderGrain order, ClockKind kind) =>
        (await order.GetAsync())!.Clocks.Last(c => c.Kind == kind);

    private async Task<Escalation> EscalationAsync(string team, IWorkOrderGrain order)
    {
        var id = order.GetPrimaryKeyString();
        await fixture.Audit.WaitForAsync(
            e => e.SubjectType == "escalation" && e.Action == "raise" && e.WorkOrderId == id && e.SubjectId.StartsWith(team + ".", StringComparison.Ordinal),
            $"the escalation of {id} to {team}");
        return Assert.Single(await Grains.GetGrain<IEscalationDirectoryGrain>(0).ListAsync(team, openOnly: false), e => e.WorkOrderId == id);
    }

    [Fact]
    public async Task P2_the_dispatch_clock_fires_once_after_an_hour_and_escalates_to_the_dispatcher_lead()
    {
        var order = await ReportAsync();
        var reported = Now;

        await fixture.AdvanceAsync(TimeSpan.FromMinutes(61), "the P2 breach");
        await BreachAsync(order, "P2");
        await Tick(order);

        var clock = await ClockAsync(order, ClockKind.Dispatch);
        Assert.Equal(reported.AddHours(1), clock.DueAt);
        Assert.InRange(clock.BreachedAt!.Value, clock.DueAt, Now);
        Assert.Single(Breaches(order));
        Assert.Equal("P2", (await EscalationAsync(Teams.DispatchLead, order)).Clause);
    }

    [Fact]
    public async Task P2_a_met_dispatch_clock_never_fires()
    {
        var (order, _) = await DispatchedAsync();
        await Step(order, new Accept(), TechnicianActor((await order.GetAsync())!.TechnicianId!));

        await fixture.AdvanceAsync(TimeSpan.FromHours(3));
        await Tick(order);
        await Tick(order);

        var clock = await ClockAsync(order, ClockKind.Dispatch);
        Assert.NotNull(clock.MetAt);
        Assert.Null(clock.BreachedAt);
        Assert.Empty(Breaches(order));
    }

    [Fact]
    public async Task P2_an_emergency_must_be_dispatched_within_minutes_and_goes_to_the_emergency_team()
    {
        var order = await ReportAsync(Priority.Emergency);

        await fixture.AdvanceAsync(TimeSpan.FromMinutes(11));
        await BreachAsync(order, "P2");

        Assert.Equal("P2", (await EscalationAsync(Teams.Emergency, order)).Clause);
    }

    [Fact]
    public async Task P2_a_clock_overdue_by_many_periods_fires_once()
    {
        var order = await ReportAsync();

        await fixture.AdvanceAsync(TimeSpan.FromHours(10));
        await BreachAsync(order, "P2");
        for (var i = 0; i < 5; i++)
        {
            await fixture.AdvanceAsync(TimeSpan.FromMinutes(1));
            await Tick(order);
        }

        Assert.Single(Breaches(order));
        await EscalationAsync(Teams.DispatchLead, order);
    }

    [Fact]
    public async Task P3_an_offer_not_accepted_in_15_minutes_is_withdrawn_and_the_order_goes_back_to_dispatch()
    {
        var (order, first) = await DispatchedAsync();
        var dispatchedAt = Now;

        await fixture.AdvanceAsync(TimeSpan.FromMinutes(16));
        await BreachAsync(order, "P3");
        await fixture.Audit.WaitForAsync(e => e.SubjectId == first && e.Action == "missed-accept", $"the missed accept on technician {first}");

        var withdrawn = (await order.GetAsync())!;
        var technician = (await Grains.GetGrain<ITechnicianGrain>(first).GetAsync())!;
        Assert.Equal((WorkOrderStatus.Triaged, (string?)null), (withdrawn.Status, withdrawn.TechnicianId));
        Assert.Equal(first, Assert.Single(withdrawn.Declines).TechnicianId);
        Assert.Empty(technician.Assignments);
        var missed = Assert.Single(technician.MissedAccepts);
        Assert.Equal(order.GetPrimaryKeyString(), missed.WorkOrderId);
        Assert.InRange(missed.At, dispatchedAt.AddMinutes(15), Now);
        Assert.Equal("P3", (await EscalationAsync(Teams.Dispatch, order)).Clause);
        Assert.Contains(withdrawn.Notifications, n => n.To == Teams.Dispatch);

        var second = await TechnicianAsync();
        var redispatched = await Step(order, new Dispatch(second), Dispatcher);
        Assert.Equal(second, redispatched.TechnicianId);
        Assert.Single(redispatched.Clocks, c => c.Kind == ClockKind.Accept && c.IsRunning);
    }

    [Fact]
    public async Task P3_an_accept_after_the_deadline_is_refused_even_before_the_reminder_fires()
    {
        var (order, technicianId) = await DispatchedAsync();

        await fixture.AdvanceAsync(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        var late = await order.ExecuteAsync(new Accept(), TechnicianActor(technicianId));

        Assert.Equal(FailureKind.NotFound, late.Failure!.Kind);
        Assert.Equal(WorkOrderStatus.Triaged, (await order.GetAsync())!.Status);
        Assert.Single(Breaches(order));
    }

    [Fact]
    public async Task P3_an_accepted_offer_is_not_withdrawn()
    {
        var (order, technicianId) = await DispatchedAsync();
        await fixture.AdvanceAsync(TimeSpan.FromMinutes(14));
        await Step(order, new Accept(), TechnicianActor(technicianId));

        await fixture.AdvanceAsync(TimeSpan.FromMinutes(30));
        await Tick(order);

        Assert.Equal(WorkOrderStatus.Accepted, (await order.GetAsync())!.Status);
        Assert.Empty(Breaches(order));
    }

    [Fact]
    public async Task P4_missing_the_agreed_time_alerts_dispatch_and_the_customer()
    {
        var (order, technicianId) = await DispatchedAsync(arrival: new TimeWindow(Now.AddHours(1), Now.AddHours(2)));
        await Step(order, new Accept(), TechnicianActor(technicianId));

        await fixture.AdvanceAsync(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1));
        await BreachAsync(order, "P4");

        var notifications = (await order.GetAsync())!.Notifications;
        // Kind names the notice for the customer page's catalog (issue 14.6); the text stays the record.
        Assert.Contains(notifications, n => n is { To: "customer", Kind: Notification.ArrivalMissed } && n.Text.Contains("not arrived", StringComparison.Ordinal));
        Assert.Equal("P4", (await EscalationAsync(Teams.Dispatch, order)).Clause);
    }

    [Fact]
    public async Task P4_a_delay_announced_in_time_notifies_the_customer_instead_of_alerting()
    {
        var (order, technicianId) = await DispatchedAsync(arrival: new TimeWindow(Now.AddHours(1), Now.AddHours(2)));
        var technician = TechnicianActor(technicianId);
        await Step(order, new Accept(), technician);
        await Step(order, new StartTravel(Now.AddHours(1)), technician);
        await fixture.AdvanceAsync(TimeSpan.FromMinutes(90));
        var delayed = await Step(order, new AnnounceDelay(Now.AddHours(1), "traffic on the ring road"), technician);

        await fixture.AdvanceAsync(TimeSpan.FromMinutes(40));
        await Tick(order);
        Assert.Empty(Breaches(order));
        await Step(order, new Arrive(), technician);

        var arrival = await ClockAsync(order, ClockKind.Arrival);
        Assert.Contains(delayed.Notifications, n => n is { To: "customer", Kind: "delay" } && n.Text.Contains("traffic on the ring road", StringComparison.Ordinal));
        Assert.NotNull(arrival.MetAt);
        Assert.Null(arrival.BreachedAt);
    }

    [Fact]
    public async Task E2_contact_within_30_minutes_stops_its_clock_and_missing_the_2_hour_arrival_escalates()
    {
        var (order, technicianId) = await DispatchedAsync(Priority.Emergency);
        var technician = TechnicianActor(technicianId);
        await Step(order, new Accept(), technician);
        await fixture.AdvanceAsync(TimeSpan.FromMinutes(20));
        await Step(order, new ContactCustomer("phone", "on my way, 90 minutes"), technician);

        await fixture.AdvanceAsync(TimeSpan.FromMinutes(101));
        await BreachAsync(order, "E2");

        var stored = (await order.GetAsync())!;
        Assert.NotNull(stored.Clocks.Single(c => c.Kind == ClockKind.EmergencyContact).MetAt);
        Assert.NotNull(stored.Clocks.Single(c => c.Kind == ClockKind.EmergencyArrival).BreachedAt);
        Assert.Single(Breaches(order));
        Assert.Equal("E2", (await EscalationAsync(Teams.Emergency, order)).Clause);
    }

    [Fact]
    public async Task P2_P3_P4_E2_P9_clocks_met_in_time_never_fire()
    {
        var (order, technicianId) = await DispatchedAsync(Priority.Emergency, new TimeWindow(Now.AddMinutes(30), Now.AddMinutes(90)));
        var technician = TechnicianActor(technicianId);
        foreach (var step in new WorkOrderCommand[]
                 {
                     new Accept(), new ContactCustomer("phone", null), new StartTravel(null), new Arrive(), new Diagnose("relay", false, null),
                     new StartRepair(), Checks.Complete(), new RecordAcceptance("Ms Chen", "data:,x"), new CleanUp(),
                 })
        {
            await Step(order, step, technician);
            if (step is Complete)
            {
                // Sampling is pinned to Always: every completion waits for its inspection.
                await Checks.HandOverAsync(order);
            }
        }

        await Step(order, new RecordReview("relay aged", "none", "none"), EmergencyMember);
        await Step(order, new RecordCallback(5, null, null), Agent);
        await fixture.AdvanceAsync(TimeSpan.FromDays(3));
        await Tick(order);

        var clocks = (await order.GetAsync())!.Clocks;
        Assert.Equal(
            [ClockKind.Dispatch, ClockKind.Accept, ClockKind.EmergencyContact, ClockKind.EmergencyArrival, ClockKind.Arrival, ClockKind.Callback],
            clocks.Select(c => c.Kind));
        Assert.All(clocks, c => Assert.True(c.MetAt is not null && c.BreachedAt is null, $"{c.Kind} should be met and not breached"));
        Assert.Empty(Breaches(order));
    }

    [Fact]
    public async Task E2_no_contact_within_30_minutes_escalates_to_the_emergency_team()
    {
        var (order, technicianId) = await DispatchedAsync(Priority.Emergency);
        await Step(order, new Accept(), TechnicianActor(technicianId));

        await fixture.AdvanceAsync(TimeSpan.FromMinutes(31));
        var breach = await BreachAsync(order, "E2");

        Assert.Contains("customer not contacted", breach.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task P9_no_callback_within_24_hours_escalates_to_the_customer_service_lead()
    {
        var (order, technicianId) = await DispatchedAsync();
        var technician = TechnicianActor(technicianId);
        foreach (var step in new WorkOrderCommand[]
                 {
                     new Accept(), new StartTravel(null), new Arrive(), new Diagnose("relay", false, null), new StartRepair(), Checks.Complete(),
                 })
        {
            await Step(order, step, technician);
            if (step is Complete)
            {
                // Sampling is pinned to Always: every completion waits for its inspection.
                await Checks.HandOverAsync(order);
            }
        }

        await fixture.AdvanceAsync(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));
        await BreachAsync(order, "P9");

        Assert.Equal("P9", (await EscalationAsync(Teams.CustomerServiceLead, order)).Clause);
    }

    /// <summary>An order of a new technician (whose first completion is always inspected) failed at inspection.</summary>
    private async Task<(IWorkOrderGrain Order, Actor Technician)> FailedInspectionAsync()
    {
        var (order, technicianId) = await DispatchedAsync();
        var technician = TechnicianActor(technicianId);
        foreach (var step in new WorkOrderCommand[] { new Accept(), new StartTravel(null), new Arrive(), new Diagnose("relay", false, null), new StartRepair(), Checks.Complete() })
        {
            await Step(order, step, technician);
        }

        Assert.Equal(WorkOrderStatus.InRepair, (await Step(order, Checks.Fail("relay chatters"), Checks.Inspector)).Status);
        return (order, technician);
    }

    [Fact]
    public async Task Q4_rework_not_completed_within_24_hours_escalates_to_the_repair_department_lead()
    {
        var (order, _) = await FailedInspectionAsync();

        await fixture.AdvanceAsync(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));
        await BreachAsync(order, "Q4");

        Assert.Equal("Q4", (await EscalationAsync(Teams.DispatchLead, order)).Clause);
        Assert.NotNull((await ClockAsync(order, ClockKind.Rework)).BreachedAt);
    }

    [Fact]
    public async Task Q4_rework_completed_in_time_meets_its_clock_and_the_next_callback_clock_starts_from_the_new_completion()
    {
        var (order, technician) = await FailedInspectionAsync();
        var callbackBefore = await ClockAsync(order, ClockKind.Callback);

        await fixture.AdvanceAsync(TimeSpan.FromHours(20));
        var again = await Step(order, Checks.Complete("relay replaced"), technician);
        await Tick(order);

        Assert.Equal(WorkOrderStatus.AwaitingInspection, again.Status);
        Assert.NotNull((await ClockAsync(order, ClockKind.Rework)).MetAt);
        Assert.NotNull(callbackBefore.StoppedAt);
        Assert.Equal(fixture.Time.GetUtcNow().AddHours(24), (await ClockAsync(order, ClockKind.Callback)).DueAt);
        Assert.DoesNotContain(Breaches(order), e => e.Reason!.StartsWith("Q4", StringComparison.Ordinal));
    }

    [Fact]
    public async Task E1_an_unacknowledged_escalation_is_raised_again_to_the_next_member_on_call_until_acknowledged()
    {
        var team = Grains.GetGrain<IEscalationTeamGrain>(Teams.Emergency);
        await team.SetRosterAsync(
            [new RosterMember("em-1", "Zhou Qiang", "lead", true), new RosterMember("em-2", "Sun Li", "coordinator", true),
             new RosterMember("em-3", "Ma Lin", "liaison", false)],
            new Actor("admin-1", Roles.Admin));
        var escalation = Grains.GetGrain<IEscalationGrain>(EscalationIds.For(Teams.Emergency, "test/" + Guid.NewGuid()));
        var raised = await escalation.RaiseAsync(Teams.Emergency, "wo-x", "E2", "technician not on site");
        Assert.Equal(("em-1", 1), (raised.AssignedTo, raised.Raises));
        Assert.Equal(raised, await escalation.RaiseAsync(Teams.Emergency, "wo-x", "E2", "technician not on site"));

        await fixture.AdvanceAsync(TimeSpan.FromMinutes(11));
        await fixture.Audit.WaitForAsync(e => e.SubjectId == raised.Id && e.Action == "re-raise", $"escalation {raised.Id} raised again");
        var again = (await escalation.GetAsync())!;
        Assert.Equal(("em-2", 2), (again.AssignedTo, again.Raises));

        var acknowledged = await escalation.AcknowledgeAsync(EmergencyMember);
        await fixture.AdvanceAsync(TimeSpan.FromMinutes(30));
        await escalation.AsReference<IRemindable>().ReceiveReminder("re-raise", TickNow());

        var final = (await escalation.GetAsync())!;
        Assert.Equal(("em-1", 2), (acknowledged.Value!.AcknowledgedBy, final.Raises));
        Assert.DoesNotContain(await Grains.GetGrain<IEscalationDirectoryGrain>(0).ListAsync(Teams.Emergency, openOnly: true), e => e.Id == raised.Id);
    }

    [Fact]
    public async Task E3_an_emergency_order_closes_only_after_its_post_incident_review()
    {
        await Grains.GetGrain<IEscalationTeamGrain>(Teams.Emergency)
            .SavePlanAsync("major-equipment-failure", "Major equipment failure", ["isolate power", "call the vendor"], EmergencyMember);
        var grain = Grains.GetGrain<IWorkOrderGrain>(Guid.NewGuid().ToString());
        await grain.ReportAsync(Intakes.Fault(priority: Priority.Emergency) with { IncidentType = "major-equipment-failure" }, Agent);
        var technicianId = await TechnicianAsync();
        var technician = TechnicianActor(technicianId);
        await Step(grain, new Triage(true, null), Agent);
        await Step(grain, new Dispatch(technicianId), Dispatcher);
        foreach (var step in new WorkOrderCommand[]
                 {
                     new Accept(), new ContactCustomer("phone", null), new StartTravel(null), new Arrive(), new Diagnose("seized motor", false, null),
                     new StartRepair(), Checks.Complete(), new RecordAcceptance("Ms Chen", "data:,x"), new CleanUp(),
                 })
        {
            await Step(grain, step, technician);
            if (step is Complete)
            {
                // Sampling is pinned to Always: every completion waits for its inspection.
                await Checks.HandOverAsync(grain);
            }
        }

        var refused = await grain.ExecuteAsync(new RecordCallback(4, null, null), Agent);
        await Step(grain, new RecordReview("motor bearing worn", "no spare motor in the region", "stock a spare motor"), EmergencyMember);
        var closed = await Step(grain, new RecordCallback(4, null, null), Agent);

        Assert.Equal("cleaned-up", refused.Failure!.CurrentStatus);
        Assert.Contains("E3", refused.Failure.Message, StringComparison.Ordinal);
        Assert.Equal(WorkOrderStatus.Closed, closed.Status);
        Assert.Equal(("major-equipment-failure", 1), (closed.Plan!.IncidentType, closed.Plan.Version));
    }
}
