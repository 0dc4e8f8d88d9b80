using FieldService.Audit;
using FieldService.Clocks;
using FieldService.Grains.Clocks;
using FieldService.Callbacks;
using FieldService.Grains.Common;
using FieldService.WorkOrders;
using static FieldService.WorkOrders.WorkOrderStatus;

namespace FieldService.Grains.WorkOrders.Phases;

// Closure (P7–P9, E3): the customer's signature, clean-up, the callback that closes the order, the post-incident
// review of an emergency, and cancellation from any open state.

/// <summary>P7: the customer signs the work order (or the technician collects the signature on site).</summary>
public sealed class RecordAcceptanceRule : CommandRule<RecordAcceptance>
{
    public override string Action => AuditActions.Acceptance;

    public override IReadOnlyList<WorkOrderStatus> From => [Completed];

    public override WorkOrderStatus? To => CustomerAccepted;

    public override StepActor Who => StepActor.OwnerOrAssignedTechnician;

    protected override Failure? Validate(RecordAcceptance c, DateTimeOffset now, QualityContext? quality) =>
        new Validation().Required("signedBy", c.SignedBy).Required("signature", c.Signature, WorkOrderLifecycle.MaxSignatureLength).ToFailure();

    protected override WorkOrder Apply(WorkOrder order, RecordAcceptance c, Actor actor, DateTimeOffset now, QualityContext? quality) =>
        order with { Signature = new CustomerSignature(c.SignedBy, c.Signature, now, order.PartsUsed.Count > 0 ? order.PartsUsed : null) };

    protected override string? Reason(RecordAcceptance c, WorkOrder after, QualityContext? quality) => "customer signed the work order";
}

/// <summary>P8: the site is cleaned up.</summary>
public sealed class CleanUpRule : CommandRule<CleanUp>
{
    public override string Action => AuditActions.Cleanup;

    public override IReadOnlyList<WorkOrderStatus> From => [CustomerAccepted];

    public override WorkOrderStatus? To => CleanedUp;

    public override StepActor Who => StepActor.AssignedTechnician;

    protected override WorkOrder Apply(WorkOrder order, CleanUp c, Actor actor, DateTimeOffset now, QualityContext? quality) => order with { CleanedUpAt = now };
}

/// <summary>P9: the callback survey; closes the order.</summary>
public sealed class RecordCallbackRule : CommandRule<RecordCallback>
{
    public override string Action => AuditActions.Callback;

    public override IReadOnlyList<WorkOrderStatus> From => [CleanedUp];

    public override WorkOrderStatus? To => Closed;

    /// <summary>E3: an emergency is closed only once its post-incident review is on record.</summary>
    public override Failure? Guard(string id, WorkOrder order, Actor actor) =>
        order.Priority == Priority.Emergency && order.Review is null
            ? Failure.Conflict($"Cannot close emergency work order {id} before its post-incident review is recorded (E3).", Kebab.Of(order.Status))
            : null;

    protected override Failure? Validate(RecordCallback c, DateTimeOffset now, QualityContext? quality)
    {
        var v = new Validation().Range("satisfaction", c.Satisfaction, 1, 5).Optional("comments", c.Comments).Optional("complaint", c.Complaint);
        ValidateAnswers(v, c.Answers ?? []);
        return v.ToFailure();
    }

    protected override WorkOrder Apply(WorkOrder order, RecordCallback c, Actor actor, DateTimeOffset now, QualityContext? quality) => order with
    {
        Callback = new CallbackSurvey(c.Satisfaction, c.Comments, c.Complaint, now, actor.Id, c.Answers is { Count: > 0 } answers ? answers : null),
        Resolution = "repaired",
        ClosedAt = now,
    };

    protected override string? Reason(RecordCallback c, WorkOrder after, QualityContext? quality) =>
        $"satisfaction {c.Satisfaction}/5" + (string.IsNullOrWhiteSpace(c.Complaint) ? "" : "; complaint recorded");

    protected override AuditEntryFacts? Facts(RecordCallback c, WorkOrder after) => new() { Satisfaction = c.Satisfaction };

    /// <summary>CS3/P9: the customer is thanked for the feedback the callback took.</summary>
    protected override string? CustomerNotice(WorkOrder after, RecordCallback command) => $"Thank you for your feedback on repair {after.Id}.";

    /// <summary>P9: each answer names a survey question once and answers it in that question's form.</summary>
    private static void ValidateAnswers(Validation v, IReadOnlyList<SurveyAnswer> answers)
    {
        for (var i = 0; i < answers.Count; i++)
        {
            var (questionId, answer) = (answers[i].QuestionId, answers[i].Answer);
            var question = CallbackSurveyQuestions.All.FirstOrDefault(q => q.Id == questionId);
            if (question is null)
            {
                v.Add($"answers.{questionId}", "is not a question of the callback survey");
            }
            else if (question.Answer == CallbackSurveyQuestions.YesNo ? answer is not ("yes" or "no") : answer is not ("1" or "2" or "3" or "4" or "5"))
            {
                v.Add($"answers.{questionId}", question.Answer == CallbackSurveyQuestions.YesNo ? "must be yes or no" : "must be 1 to 5");
            }
        }
    }

    protected override void Clocks(ClockBook clocks, WorkOrder after, RecordCallback c) => clocks.Meet(ClockKind.Callback);
}

/// <summary>E3: the post-incident review of an emergency.</summary>
public sealed class RecordReviewRule : CommandRule<RecordReview>
{
    public override string Action => AuditActions.Review;

    public override IReadOnlyList<WorkOrderStatus> From => [AwaitingInspection, Completed, CustomerAccepted, CleanedUp];

    protected override Failure? Validate(RecordReview c, DateTimeOffset now, QualityContext? quality) =>
        new Validation().Required("causes", c.Causes, Validation.MaxText)
            .Required("shortfalls", c.Shortfalls, Validation.MaxText)
            .Required("planChanges", c.PlanChanges, Validation.MaxText).ToFailure();

    protected override WorkOrder Apply(WorkOrder order, RecordReview c, Actor actor, DateTimeOffset now, QualityContext? quality) =>
        order with { Review = new PostIncidentReview(c.Causes, c.Shortfalls, c.PlanChanges, now, actor.Id) };

    protected override string? Reason(RecordReview c, WorkOrder after, QualityContext? quality) => "post-incident review recorded";
}

/// <summary>Withdraw an open order (every clock stops).</summary>
/// <summary>P9/CS4: a complaint about the order was answered and its result fed back (asked by the complaint); the
/// customer is told in writing. Taken in every state, a closed order included: complaints mostly come after the callback.
/// Once per complaint: the idempotency key answers a replay, and a notice about the complaint already on the order
/// refuses a repeat the key no longer remembers.</summary>
public sealed class RecordComplaintFeedbackRule : CommandRule<RecordComplaintFeedback>
{
    public override string Action => AuditActions.ComplaintFeedback;

    public override IReadOnlyList<WorkOrderStatus> From { get; } = Enum.GetValues<WorkOrderStatus>();

    public override StepActor Who => StepActor.Platform;

    protected override Failure? Conflicting(string id, WorkOrder order, RecordComplaintFeedback c) =>
        order.Notifications.Any(n => n.Kind == Action && n.About == c.ComplaintId)
            ? Failure.Conflict($"The customer of work order {id} was told the result of complaint {c.ComplaintId} already.", Kebab.Of(order.Status))
            : null;

    protected override Failure? Validate(RecordComplaintFeedback c, DateTimeOffset now, QualityContext? quality) =>
        new Validation().Required("complaintId", c.ComplaintId, 200).ToFailure();

    protected override WorkOrder Apply(WorkOrder order, RecordComplaintFeedback c, Actor actor, DateTimeOffset now, QualityContext? quality) => order;

    protected override string? Reason(RecordComplaintFeedback c, WorkOrder after, QualityContext? quality) =>
        $"result of the {Kebab.Of(c.Category)} complaint {c.ComplaintId} fed back; the customer is told in writing";

    protected override string? CustomerNotice(WorkOrder after, RecordComplaintFeedback c) =>
        $"Your complaint about repair order {after.Id} has been answered; the result is on your customer page.";

    protected override string? NoticeAbout(RecordComplaintFeedback c) => c.ComplaintId;
}

public sealed class CancelRule : CommandRule<Cancel>
{
    public override string Action => AuditActions.Cancel;

    public override IReadOnlyList<WorkOrderStatus> From =>
        [Reported, Triaged, Dispatched, Accepted, EnRoute, OnSite, Diagnosed, InRepair, AwaitingParts, AwaitingInspection, Completed, CustomerAccepted, CleanedUp];

    public override WorkOrderStatus? To => Cancelled;

    protected override Failure? Validate(Cancel c, DateTimeOffset now, QualityContext? quality) => new Validation().Required("reason", c.Reason, 1000).ToFailure();

    protected override WorkOrder Apply(WorkOrder order, Cancel c, Actor actor, DateTimeOffset now, QualityContext? quality) =>
        order with { Cancellation = new Cancellation(c.Reason, now, actor.Id), ClosedAt = now };

    protected override string? Reason(Cancel c, WorkOrder after, QualityContext? quality) => c.Reason;

    protected override void Clocks(ClockBook clocks, WorkOrder after, Cancel c) => clocks.StopAll();
}
