using FieldService.Audit;
using FieldService.Clocks;
using FieldService.Escalations;
using FieldService.Grains.Clocks;
using FieldService.Grains.Common;
using FieldService.Grains.WorkOrders.Phases;
using FieldService.WorkOrders;
using static FieldService.WorkOrders.WorkOrderStatus;

namespace FieldService.Grains.WorkOrders;

/// <summary>
/// The rules of the repair process (P1–P9) as pure decisions: given the order as it stands, a command, who gives
/// it and when, either the order after the step plus its history entry, or the reason nothing changes.
/// Each command's rule lives in its phase (<c>Phases/</c>: intake, assignment, visit, repair, quality, closure,
/// breaches); this class is the one way through them, in one order of checks: unknown order or one the caller may
/// not act on (404), then the step's legality in the current state (409), then the values (422).
/// </summary>
public static class WorkOrderLifecycle
{
    /// <summary>Longest signature image accepted, in characters of its data URL or base64 text.</summary>
    public const int MaxSignatureLength = WorkOrderLimits.MaxSignatureLength;

    public const string SubjectType = "work-order";

    /// <summary>P2: the order waits for automatic dispatch: triaged for an on-site visit, with nobody offered it, not held.</summary>
    public static bool AwaitsDispatch(WorkOrder? order) =>
        order is { Status: Triaged, OnSiteNeeded: true, TechnicianId: null, DispatchHeld: false };

    /// <summary>True while a technician holds (or is offered) the order and counts it in their load.</summary>
    public static bool OccupiesTechnician(WorkOrderStatus status) =>
        status is Dispatched or Accepted or EnRoute or OnSite or Diagnosed or InRepair or AwaitingParts or AwaitingInspection or Completed
            or CustomerAccepted;

    /// <summary>P1: records a reported fault as a new order; with <paramref name="terms"/>, its P2 clock starts.</summary>
    public static Result<WorkOrderChange> Report(
        string id, WorkOrder? existing, ReportFault intake, Actor actor, DateTimeOffset now, SlaTerms? terms = null, EmergencyPlan? plan = null) =>
        IntakePhase.Report(id, existing, intake, actor, now, terms, plan);

    /// <summary>P1/P2: the intake must carry everything a technician needs (customer, product, fault, skill).</summary>
    public static Failure? ValidateIntake(ReportFault intake) => IntakePhase.ValidateIntake(intake);

    /// <summary>
    /// Whether the command would be refused, and why — everything <see cref="Decide"/> checks before it changes
    /// anything, without deciding. A completion is checked against <paramref name="quality"/>'s standard before its
    /// inspection requirement is known, so the grain puts only a completion that stands to the sampling rule (Q3).
    /// </summary>
    public static Failure? Check(string id, WorkOrder? order, WorkOrderCommand command, Actor actor, DateTimeOffset now, QualityContext? quality = null)
    {
        if (order is null)
        {
            return Failure.NotFound($"No work order {id}.");
        }

        var rule = CommandRules.For(command);
        if (Refusal(id, order, rule, actor) is { } refused)
        {
            return refused;
        }

        if (rule.NeedsQuality && quality is null)
        {
            throw new InvalidOperationException($"'{rule.Action}' is decided against a standard: pass the quality context.");
        }

        return rule.Conflicting(id, order, command) ?? rule.Validate(command, now, quality);
    }

    /// <summary>Decides one lifecycle step; with <paramref name="terms"/>, the order's clocks follow it. A completion or an
    /// inspection needs <paramref name="quality"/>: the standard it is checked against (and, for a completion, whether
    /// it must be inspected).</summary>
    public static Result<WorkOrderChange> Decide(
        string id, WorkOrder? order, WorkOrderCommand command, Actor actor, DateTimeOffset now, SlaTerms? terms = null, QualityContext? quality = null)
    {
        if (Check(id, order, command, actor, now, quality) is { } refused)
        {
            return refused;
        }

        var rule = CommandRules.For(command);
        var next = rule.Apply(order!, command, actor, now, quality) with
        {
            Version = order!.Version + 1,
            UpdatedAt = now,
        };
        if (rule.To is { } target)
        {
            next = next with { Status = target };
        }

        if (terms is not null)
        {
            next = next with { Clocks = SlaClocks.AfterStep(order, next, command, terms, now) };
        }

        if (rule.CustomerNotice(next, command) is { } text)
        {
            next = next with { Notifications = [.. next.Notifications, new Notification(Notification.Customer, CustomerChannel(next), text, now, rule.Action, About: rule.NoticeAbout(command))] };
        }

        var technician = next.TechnicianId ?? order.TechnicianId;
        var entry = new AuditEntry(SubjectType, id, next.Version, now, actor, rule.Action, Kebab.Of(order.Status),
            Kebab.Of(next.Status), rule.Reason(command, next, quality), id, technician, rule.Facts(command, next));
        return Result<WorkOrderChange>.Ok(new WorkOrderChange(next, entry) { Effects = WorkOrderEffects.Of(order, next, command, actor) });
    }

    /// <summary>The action name a command of this type is recorded and routed under.</summary>
    public static string ActionOf(Type step) => CommandRules.For(step).Action;

    /// <summary>
    /// The steps the caller may take on the order as it stands (their action names, each once): the same checks as
    /// <see cref="Decide"/> makes before it looks at a command's values, plus, for a step on a claim or a support
    /// request, that one is still open. Which role may call which endpoint is the web host's to add on top.
    /// </summary>
    public static IReadOnlyList<string> AllowedActions(WorkOrder order, Actor actor) =>
        CommandRules.All.Where(rule => Refusal(order.Id, order, rule, actor) is null && rule.Open(order).Any())
            .Select(rule => rule.Action)
            .Distinct()
            .ToArray();

    /// <summary>A clock ran out: the breach and what it entails (<see cref="BreachPhase"/>); null when it changes nothing.</summary>
    public static WorkOrderChange? Breach(string id, WorkOrder order, SlaClock clock, DateTimeOffset now) => BreachPhase.Breach(id, order, clock, now);

    /// <summary>Who a breach is escalated to (the clock catalog).</summary>
    public static string TeamFor(ClockKind kind, WorkOrder order) => ClockCatalog.Of(kind).Team(order);

    internal static string CustomerChannel(WorkOrder order) => string.IsNullOrWhiteSpace(order.Customer.Phone) ? "email" : "sms";

    /// <summary>Why a step cannot be taken on the order by this caller, whatever the command's values: the caller may
    /// not act on it (404), it is not in a state the step leaves from, or a state-only guard (E3, Q3) refuses it
    /// (409). Null when the step may be taken. Shared by <see cref="Decide"/> and <see cref="AllowedActions"/> so that
    /// what a read offers is what a command gets.</summary>
    private static Failure? Refusal(string id, WorkOrder order, CommandRule rule, Actor actor)
    {
        // An order the caller may not act on is answered like one that does not exist: no hint that it does.
        if (!WorkOrderAccess.MayTake(order, rule.CommandType, actor))
        {
            return Failure.NotFound($"No work order {id}.");
        }

        if (!rule.From.Contains(order.Status))
        {
            return Failure.Conflict(
                $"Cannot {rule.Action} work order {id}: it is {Kebab.Of(order.Status)}; '{rule.Action}' is allowed only when it is {string.Join(" or ", rule.From.Select(Kebab.Of))}.",
                Kebab.Of(order.Status));
        }

        return rule.Guard(id, order, actor);
    }
}
