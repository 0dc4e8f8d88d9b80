using FieldService.Audit;
using FieldService.Grains.Clocks;
using FieldService.Grains.Common;
using FieldService.WorkOrders;

namespace FieldService.Grains.WorkOrders.Phases;

/// <summary>Who, beyond holding a role allowed to call the endpoint (WebHost's access policy), may take a step on an
/// order (OWASP API1). The platform itself (<see cref="Actor.System"/>) may take every step.</summary>
public enum StepActor
{
    /// <summary>Anyone who may see the order (a scoped caller only on their own orders).</summary>
    Visible,
    /// <summary>Only the technician the order is offered or assigned to (P3–P8).</summary>
    AssignedTechnician,
    /// <summary>P7: the customer who owns the order signs, or the assigned technician collects the signature on site.</summary>
    OwnerOrAssignedTechnician,
    /// <summary>Only the platform: no caller command, no REST route (the P3 clock, the parts bins).</summary>
    Platform,
}

/// <summary>
/// One work-order command's whole rule, in one place: its action name, who may take it, from which states and to
/// which, its state-only guards, its validation, the change, the reason text, the typed facts and the customer notice.
/// <see cref="WorkOrderLifecycle"/> decides every command through these; <see cref="CommandRules"/> finds them.
/// </summary>
public abstract class CommandRule
{
    /// <summary>The command record this rule decides.</summary>
    public abstract Type CommandType { get; }

    /// <summary>The action recorded in history and the REST route's name (<see cref="AuditActions"/>).</summary>
    public abstract string Action { get; }

    /// <summary>The states the step may be taken in.</summary>
    public abstract IReadOnlyList<WorkOrderStatus> From { get; }

    /// <summary>The state the step leads to; null when the state stays or the change sets it.</summary>
    public virtual WorkOrderStatus? To => null;

    public virtual StepActor Who => StepActor.Visible;

    /// <summary>Decided against a standard (Q1/Q3): the caller passes a <see cref="QualityContext"/>.</summary>
    public virtual bool NeedsQuality => false;

    /// <summary>A refusal that depends on the order's state and the caller only (409), beyond <see cref="From"/>.</summary>
    public virtual Failure? Guard(string id, WorkOrder order, Actor actor) => null;

    /// <summary>The numbers of the items (claims, support requests) the step can still act on; one placeholder for a
    /// step that needs no such item. An empty answer means the step is not open now.</summary>
    public virtual IEnumerable<int> Open(WorkOrder order) => [0];

    public abstract Failure? Conflicting(string id, WorkOrder order, WorkOrderCommand command);

    public abstract Failure? Validate(WorkOrderCommand command, DateTimeOffset now, QualityContext? quality);

    public abstract WorkOrder Apply(WorkOrder order, WorkOrderCommand command, Actor actor, DateTimeOffset now, QualityContext? quality);

    /// <summary>The "why" of the history entry, for people. Customer contact data never goes here (H3).</summary>
    public abstract string? Reason(WorkOrderCommand command, WorkOrder after, QualityContext? quality);

    /// <summary>The typed facts of the history entry that the reports count.</summary>
    public abstract AuditEntryFacts? Facts(WorkOrderCommand command, WorkOrder after);

    /// <summary>What the customer is told after the step, if anything.</summary>
    public abstract string? CustomerNotice(WorkOrder after, WorkOrderCommand command);

    /// <summary>What that notice is about when it is not the order itself (<see cref="FieldService.Clocks.Notification.About"/>).</summary>
    public abstract string? NoticeAbout(WorkOrderCommand command);

    /// <summary>What the step does to the order's clocks (DESIGN.md's clock table); most steps touch none.</summary>
    public abstract void Clocks(ClockBook clocks, WorkOrder after, WorkOrderCommand command);
}

/// <summary>A rule for commands of type <typeparamref name="TCommand"/>: override what the step has.</summary>
public abstract class CommandRule<TCommand> : CommandRule where TCommand : WorkOrderCommand
{
    public sealed override Type CommandType => typeof(TCommand);

    public sealed override Failure? Conflicting(string id, WorkOrder order, WorkOrderCommand command) => Conflicting(id, order, (TCommand)command);

    public sealed override Failure? Validate(WorkOrderCommand command, DateTimeOffset now, QualityContext? quality) => Validate((TCommand)command, now, quality);

    public sealed override WorkOrder Apply(WorkOrder order, WorkOrderCommand command, Actor actor, DateTimeOffset now, QualityContext? quality) =>
        Apply(order, (TCommand)command, actor, now, quality);

    public sealed override string? Reason(WorkOrderCommand command, WorkOrder after, QualityContext? quality) => Reason((TCommand)command, after, quality);

    public sealed override AuditEntryFacts? Facts(WorkOrderCommand command, WorkOrder after) => Facts((TCommand)command, after);

    public sealed override string? CustomerNotice(WorkOrder after, WorkOrderCommand command) => CustomerNotice(after, (TCommand)command);

    public sealed override string? NoticeAbout(WorkOrderCommand command) => NoticeAbout((TCommand)command);

    public sealed override void Clocks(ClockBook clocks, WorkOrder after, WorkOrderCommand command) => Clocks(clocks, after, (TCommand)command);

    /// <summary>A step on an item (claim, support request) that does not exist (404) or is already done (409).</summary>
    protected virtual Failure? Conflicting(string id, WorkOrder order, TCommand command) => null;

    /// <summary>The command's values (422); the order is legal for the step by now.</summary>
    protected virtual Failure? Validate(TCommand command, DateTimeOffset now, QualityContext? quality) => null;

    protected abstract WorkOrder Apply(WorkOrder order, TCommand command, Actor actor, DateTimeOffset now, QualityContext? quality);

    protected virtual string? Reason(TCommand command, WorkOrder after, QualityContext? quality) => null;

    protected virtual AuditEntryFacts? Facts(TCommand command, WorkOrder after) => null;

    protected virtual string? CustomerNotice(WorkOrder after, TCommand command) => null;

    protected virtual string? NoticeAbout(TCommand command) => null;

    protected virtual void Clocks(ClockBook clocks, WorkOrder after, TCommand command)
    {
    }
}
