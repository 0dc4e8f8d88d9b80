using FieldService.Callbacks;
using FieldService.Clocks;
using FieldService.Complaints;
using FieldService.Grains.Callbacks;
using FieldService.Grains.Complaints;
using FieldService.WorkOrders;

namespace FieldService.Tests.Domain;

/// <summary>P9/CS4: the pure rules of a complaint, and of the agent's callback queue.</summary>
public sealed class ComplaintLifecycleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private static readonly Actor Agent = new("agent-1", Roles.Agent);
    private static readonly Actor OwnCustomer = new("user-c-1", Roles.Customer, CustomerId: "c-1");
    private static readonly Actor OtherCustomer = new("user-c-2", Roles.Customer, CustomerId: "c-2");
    private static readonly ComplaintOpening Opening = new("wo-1", ComplaintCategory.Conduct, "The technician was rude.");

    private static WorkOrder Order(
        string id = "wo-1", WorkOrderStatus status = WorkOrderStatus.CleanedUp, IReadOnlyList<SlaClock>? clocks = null) => new()
    {
        Id = id, Status = status, Customer = new Customer("Harbour Hotel", "+86 21 5555 0101", null, "18 Riverside Road", null),
        Product = new Product("AC-9000", "SN-1", "hvac", false), Fault = new Fault("warm air", Channel.Phone), Priority = Priority.Normal,
        Region = "north", RequiredSkill = new SkillRequirement("hvac", 2), ReportedAt = Now, ReportedBy = "agent-1", TechnicianId = "t-1",
        CustomerId = "c-1", Clocks = clocks ?? [],
    };

    private static readonly ComplaintCommand Investigate = new InvestigateComplaint("Confirmed by the site manager.");
    private static readonly ComplaintCommand Resolve = new ResolveComplaint("Apology and a free service visit.", true);
    private static readonly ComplaintCommand FeedBack = new FeedBackComplaint(Channel.Phone, "Accepted the apology.");

    private static Complaint Opened() => ComplaintLifecycle.Open("cmp-1", null, Opening, Order(), Agent, Now).Value!.Complaint;

    /// <summary>The complaint after the given steps, each asserted to succeed.</summary>
    private static Complaint After(params ComplaintCommand[] steps)
    {
        var complaint = Opened();
        foreach (var step in steps)
        {
            var result = ComplaintLifecycle.Decide("cmp-1", complaint, step, Agent, Now);
            Assert.True(result.Succeeded, result.Failure?.Message);
            complaint = result.Value!.Complaint;
        }

        return complaint;
    }

    [Fact]
    public void P9_opening_links_the_order_and_its_technician_and_records_complaint_opened()
    {
        var change = ComplaintLifecycle.Open("cmp-1", null, Opening, Order(), Agent, Now).Value!;

        Assert.Equal((ComplaintStatus.Opened, "wo-1", "t-1", "c-1"), (change.Complaint.Status, change.Complaint.WorkOrderId, change.Complaint.TechnicianId, change.Complaint.CustomerId));
        Assert.Equal(("complaint", "complaint-opened", 1L, "wo-1", "t-1"), (change.Entry.SubjectType, change.Entry.Action, change.Entry.Sequence, change.Entry.WorkOrderId, change.Entry.TechnicianId));
        Assert.Equal((null, "opened"), (change.Entry.FromStatus, change.Entry.ToStatus));
    }

    [Fact]
    public void P9_every_legal_step_moves_one_state_on_and_records_its_action()
    {
        var expected = new (ComplaintCommand Step, ComplaintStatus To, string Action)[]
        {
            (Investigate, ComplaintStatus.Investigated, "complaint-investigated"),
            (Resolve, ComplaintStatus.Resolved, "complaint-resolved"),
            (FeedBack, ComplaintStatus.FedBack, "complaint-fed-back"),
        };
        var complaint = Opened();
        foreach (var (step, to, action) in expected)
        {
            var change = ComplaintLifecycle.Decide("cmp-1", complaint, step, Agent, Now.AddHours(1)).Value!;
            Assert.Equal((to, complaint.Version + 1), (change.Complaint.Status, change.Complaint.Version));
            Assert.Equal((action, change.Complaint.Version, "wo-1", "t-1"), (change.Entry.Action, change.Entry.Sequence, change.Entry.WorkOrderId, change.Entry.TechnicianId));
            complaint = change.Complaint;
        }

        Assert.Equal(("Confirmed by the site manager.", true, Channel.Phone, "Accepted the apology."),
            (complaint.Findings, complaint.UpheldAgainstTechnician, complaint.FeedbackChannel, complaint.CustomerResponse));
    }

    public static TheoryData<string, string> IllegalSteps => new()
    {
        // state reached by the steps before it, step tried
        { "opened", "resolve" }, { "opened", "feedback" },
        { "investigated", "investigate" }, { "investigated", "feedback" },
        { "resolved", "investigate" }, { "resolved", "resolve" },
        { "fed-back", "investigate" }, { "fed-back", "resolve" }, { "fed-back", "feedback" },
    };

    [Theory]
    [MemberData(nameof(IllegalSteps))]
    public void P9_an_illegal_step_is_a_conflict_naming_the_current_state(string state, string step)
    {
        var complaint = state switch
        {
            "opened" => After(),
            "investigated" => After(Investigate),
            "resolved" => After(Investigate, Resolve),
            _ => After(Investigate, Resolve, FeedBack),
        };
        var command = step switch { "investigate" => Investigate, "resolve" => Resolve, _ => FeedBack };

        var failure = ComplaintLifecycle.Decide("cmp-1", complaint, command, Agent, Now).Failure!;

        Assert.Equal((FailureKind.Conflict, state), (failure.Kind, failure.CurrentStatus));
    }

    [Fact]
    public void P9_blank_values_are_refused_naming_each_field()
    {
        var opening = ComplaintLifecycle.Open("cmp-1", null, new ComplaintOpening("", (ComplaintCategory)99, " "), Order(), Agent, Now).Failure!;
        var findings = ComplaintLifecycle.Decide("cmp-1", Opened(), new InvestigateComplaint(""), Agent, Now).Failure!;
        var resolution = ComplaintLifecycle.Decide("cmp-1", After(Investigate), new ResolveComplaint(" ", false), Agent, Now).Failure!;
        var feedback = ComplaintLifecycle.Decide("cmp-1", After(Investigate, Resolve), new FeedBackComplaint((Channel)42, ""), Agent, Now).Failure!;

        Assert.Equal(["category", "customerWords", "workOrderId"], opening.Errors!.Keys.Order());
        Assert.Equal(["findings"], findings.Errors!.Keys);
        Assert.Equal(["resolution"], resolution.Errors!.Keys);
        Assert.Equal(["channel", "customerResponse"], feedback.Errors!.Keys.Order());
    }

    [Fact]
    public void CS4_opening_needs_an_existing_order_and_a_customer_may_complain_only_about_their_own()
    {
        Assert.Equal(FailureKind.NotFound, ComplaintLifecycle.Open("cmp-1", null, Opening, null, Agent, Now).Failure!.Kind);
        Assert.Equal(FailureKind.NotFound, ComplaintLifecycle.Open("cmp-1", null, Opening, Order(), OtherCustomer, Now).Failure!.Kind);
        Assert.True(ComplaintLifecycle.Open("cmp-1", null, Opening, Order(), OwnCustomer, Now).Succeeded);
    }

    [Fact]
    public void CS4_a_customer_neither_handles_nor_sees_complaints_on_others_orders()
    {
        var complaint = Opened();

        Assert.Equal(FailureKind.NotFound, ComplaintLifecycle.Decide("cmp-1", complaint, Investigate, OwnCustomer, Now).Failure!.Kind);
        Assert.True(ComplaintAccess.MaySee(complaint, OwnCustomer));
        Assert.False(ComplaintAccess.MaySee(complaint, OtherCustomer));
        Assert.True(ComplaintAccess.MaySee(complaint, new Actor("manager-1", Roles.Manager)));
    }

    [Fact]
    public void P9_opening_again_on_the_same_order_changes_nothing_and_on_another_order_conflicts()
    {
        var complaint = After(Investigate);

        var again = ComplaintLifecycle.Open("cmp-1", complaint, Opening, Order(), Agent, Now);
        var elsewhere = ComplaintLifecycle.Open("cmp-1", complaint, Opening with { WorkOrderId = "wo-2" }, Order("wo-2"), Agent, Now);

        Assert.True(again.Succeeded);
        Assert.Null(again.Value);
        Assert.Equal((FailureKind.Conflict, "investigated"), (elsewhere.Failure!.Kind, elsewhere.Failure.CurrentStatus));
    }

    [Fact]
    public void H3_audit_reasons_never_carry_the_customers_words_or_answers()
    {
        var words = new ComplaintOpening("wo-1", ComplaintCategory.Other, "Call me on +86 21 5555 0101 or me@harbour.example");
        var opened = ComplaintLifecycle.Open("cmp-1", null, words, Order(), Agent, Now).Value!;
        var fedBack = ComplaintLifecycle.Decide("cmp-1", After(Investigate, Resolve), new FeedBackComplaint(Channel.Email, "write to me@harbour.example"), Agent, Now).Value!;

        Assert.DoesNotContain("5555", opened.Entry.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("@", opened.Entry.Reason + fedBack.Entry.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void P9_callback_ids_are_one_per_order_and_usable_in_a_url()
    {
        var longId = new string('w', 64);

        Assert.Equal("callback.wo-1", ComplaintIds.FromCallback("wo-1"));
        Assert.Equal(ComplaintIds.FromCallback(longId), ComplaintIds.FromCallback(longId));
        Assert.True(ComplaintIds.FromCallback(longId).Length <= 64);
        Assert.NotEqual(ComplaintIds.FromCallback(longId), ComplaintIds.FromCallback(longId[..63] + "x"));
    }

    [Fact]
    public void P9_the_callback_queue_puts_overdue_orders_first_then_the_soonest_due_and_drops_those_called_back()
    {
        SlaClock Callback(DateTimeOffset completed, DateTimeOffset? met = null, DateTimeOffset? breached = null) =>
            new(ClockKind.Callback, "P9", completed, completed.AddHours(24), MetAt: met, BreachedAt: breached);
        var now = Now.AddHours(30);
        var orders = new[]
        {
            Order("late", WorkOrderStatus.CleanedUp, [Callback(Now.AddHours(2))]),
            Order("breached", WorkOrderStatus.CustomerAccepted, [Callback(Now, breached: Now.AddHours(24))]),
            Order("fresh", WorkOrderStatus.Completed, [Callback(Now.AddHours(20))]),
            Order("called", WorkOrderStatus.Closed, [Callback(Now, met: Now.AddHours(3))]),
            Order("in-repair", WorkOrderStatus.InRepair),
        };

        var queue = CallbackQueue.Build(orders, now);

        Assert.Equal(["breached", "late", "fresh"], queue.Select(c => c.WorkOrderId));
        Assert.Equal([true, true, false], queue.Select(c => c.Overdue));
        Assert.Equal("+86 21 5555 0101", queue[0].CustomerPhone);
    }

    [Fact]
    public void P9_the_callback_survey_questions_have_distinct_stable_ids()
    {
        Assert.InRange(CallbackSurveyQuestions.All.Count, 3, 5);
        Assert.Equal(CallbackSurveyQuestions.All.Count, CallbackSurveyQuestions.All.Select(q => q.Id).Distinct().Count());
        Assert.All(CallbackSurveyQuestions.All, q => Assert.Contains(q.Answer, new[] { CallbackSurveyQuestions.YesNo, CallbackSurveyQuestions.Scale }));
    }
}
