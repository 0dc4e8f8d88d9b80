using FieldService.Audit;
using FieldService.Clocks;
using FieldService.Grains.Clocks;
using FieldService.Grains.Common;
using FieldService.WorkOrders;
using static FieldService.WorkOrders.WorkOrderStatus;

namespace FieldService.Grains.WorkOrders.Phases;

// Assignment (P2, P3): the order is offered to a technician, who accepts or declines; dispatch may take it back.

/// <summary>P2: offer the order to a named technician (a dispatcher's choice or automatic dispatch's).</summary>
public sealed class DispatchRule : CommandRule<Dispatch>
{
    public override string Action => AuditActions.Dispatch;

    public override IReadOnlyList<WorkOrderStatus> From => [Triaged];

    public override WorkOrderStatus? To => Dispatched;

    protected override Failure? Validate(Dispatch c, DateTimeOffset now, QualityContext? quality) =>
        new Validation().Identifier("technicianId", c.TechnicianId).Optional("reason", c.Reason, 1000).ToFailure();

    protected override WorkOrder Apply(WorkOrder order, Dispatch c, Actor actor, DateTimeOffset now, QualityContext? quality) =>
        order with { TechnicianId = c.TechnicianId, DispatchedAt = now, AcceptedAt = null, DispatchHeld = false };

    protected override string? Reason(Dispatch c, WorkOrder after, QualityContext? quality) =>
        $"offered to {c.TechnicianId}" + (c.Reason is null ? "" : $": {c.Reason}");

    protected override string? CustomerNotice(WorkOrder after, Dispatch command) => $"A technician has been assigned to your repair {after.Id}.";

    protected override void Clocks(ClockBook clocks, WorkOrder after, Dispatch c)
    {
        clocks.Meet(ClockKind.Dispatch);
        clocks.Start(ClockKind.Accept);
        if (after.Priority == Priority.Emergency)
        {
            // E2 counts from the first dispatch: the customer's wait does not restart with a new technician.
            clocks.StartOnce(ClockKind.EmergencyContact);
            clocks.StartOnce(ClockKind.EmergencyArrival);
        }

        if (after.AgreedArrival is { } window)
        {
            clocks.StartOnce(ClockKind.Arrival, window.To);
        }
    }
}

/// <summary>P2: let automatic dispatch choose (releases a hold).</summary>
public sealed class RequestDispatchRule : CommandRule<RequestDispatch>
{
    public override string Action => AuditActions.RequestDispatch;

    public override IReadOnlyList<WorkOrderStatus> From => [Triaged];

    protected override Failure? Validate(RequestDispatch c, DateTimeOffset now, QualityContext? quality) =>
        new Validation().Optional("reason", c.Reason, 1000).ToFailure();

    protected override WorkOrder Apply(WorkOrder order, RequestDispatch c, Actor actor, DateTimeOffset now, QualityContext? quality) =>
        order with { DispatchHeld = false };

    protected override string? Reason(RequestDispatch c, WorkOrder after, QualityContext? quality) => c.Reason ?? "automatic dispatch requested";
}

/// <summary>P2: a dispatcher takes the order back; it waits, held, for a manual decision.</summary>
public sealed class PullBackRule : CommandRule<PullBack>
{
    public override string Action => AuditActions.PullBack;

    public override IReadOnlyList<WorkOrderStatus> From => [Dispatched, Accepted, EnRoute];

    public override WorkOrderStatus? To => Triaged;

    protected override Failure? Validate(PullBack c, DateTimeOffset now, QualityContext? quality) =>
        new Validation().Required("reason", c.Reason, 1000).ToFailure();

    protected override WorkOrder Apply(WorkOrder order, PullBack c, Actor actor, DateTimeOffset now, QualityContext? quality) =>
        order with { TechnicianId = null, DispatchedAt = null, AcceptedAt = null, EnRouteAt = null, DispatchHeld = true };

    protected override string? Reason(PullBack c, WorkOrder after, QualityContext? quality) => c.Reason;

    protected override void Clocks(ClockBook clocks, WorkOrder after, PullBack c) => clocks.Stop(ClockKind.Accept);
}

/// <summary>P2: a dispatcher moves the order to another technician in one step: the first is released, the second gets
/// a fresh offer with its own P3 clock. Travel already started is the first technician's and is dropped.</summary>
public sealed class ReassignRule : CommandRule<Reassign>
{
    public override string Action => AuditActions.Reassign;

    public override IReadOnlyList<WorkOrderStatus> From => [Dispatched, Accepted, EnRoute];

    public override WorkOrderStatus? To => Dispatched;

    protected override Failure? Conflicting(string id, WorkOrder order, Reassign c) =>
        c.TechnicianId == order.TechnicianId ? Failure.Invalid("technicianId", $"work order {id} is already with {c.TechnicianId}") : null;

    protected override Failure? Validate(Reassign c, DateTimeOffset now, QualityContext? quality) =>
        new Validation().Identifier("technicianId", c.TechnicianId).Required("reason", c.Reason, 1000).ToFailure();

    protected override WorkOrder Apply(WorkOrder order, Reassign c, Actor actor, DateTimeOffset now, QualityContext? quality) =>
        order with { TechnicianId = c.TechnicianId, DispatchedAt = now, AcceptedAt = null, EnRouteAt = null, Eta = null, DispatchHeld = false };

    protected override string? Reason(Reassign c, WorkOrder after, QualityContext? quality) => $"reassigned to {c.TechnicianId}: {c.Reason}";

    protected override string? CustomerNotice(WorkOrder after, Reassign command) => $"Another technician has been assigned to your repair {after.Id}.";

    protected override void Clocks(ClockBook clocks, WorkOrder after, Reassign c)
    {
        // The new technician gets the whole P3 time to answer; E2 and P4 keep counting from the first dispatch.
        clocks.Stop(ClockKind.Accept);
        clocks.Start(ClockKind.Accept);
    }
}

/// <summary>P3: the technician confirms.</summary>
public sealed class AcceptRule : CommandRule<Accept>
{
    public override string Action => AuditActions.Accept;

    public override IReadOnlyList<WorkOrderStatus> From => [Dispatched];

    public override WorkOrderStatus? To => Accepted;

    public override StepActor Who => StepActor.AssignedTechnician;

    protected override WorkOrder Apply(WorkOrder order, Accept c, Actor actor, DateTimeOffset now, QualityContext? quality) => order with { AcceptedAt = now };

    protected override void Clocks(ClockBook clocks, WorkOrder after, Accept c) => clocks.Meet(ClockKind.Accept);
}

/// <summary>P3: the technician turns the offer down; the order goes back to dispatch.</summary>
public sealed class DeclineOfferRule : CommandRule<DeclineOffer>
{
    public override string Action => AuditActions.Decline;

    public override IReadOnlyList<WorkOrderStatus> From => [Dispatched];

    public override WorkOrderStatus? To => Triaged;

    public override StepActor Who => StepActor.AssignedTechnician;

    protected override Failure? Validate(DeclineOffer c, DateTimeOffset now, QualityContext? quality) =>
        new Validation().Required("reason", c.Reason, 1000).ToFailure();

    protected override WorkOrder Apply(WorkOrder order, DeclineOffer c, Actor actor, DateTimeOffset now, QualityContext? quality) =>
        AssignmentPhase.Withdraw(order, c.Reason, now);

    protected override string? Reason(DeclineOffer c, WorkOrder after, QualityContext? quality) => c.Reason;

    protected override void Clocks(ClockBook clocks, WorkOrder after, DeclineOffer c) => clocks.Stop(ClockKind.Accept);
}

/// <summary>P3: the platform withdraws an offer nobody answered in time.</summary>
public sealed class WithdrawOfferRule : CommandRule<WithdrawOffer>
{
    public override string Action => AuditActions.WithdrawOffer;

    public override IReadOnlyList<WorkOrderStatus> From => [Dispatched];

    public override WorkOrderStatus? To => Triaged;

    public override StepActor Who => StepActor.Platform;

    protected override WorkOrder Apply(WorkOrder order, WithdrawOffer c, Actor actor, DateTimeOffset now, QualityContext? quality) =>
        AssignmentPhase.Withdraw(order, c.Reason, now);

    protected override string? Reason(WithdrawOffer c, WorkOrder after, QualityContext? quality) => c.Reason;

    protected override void Clocks(ClockBook clocks, WorkOrder after, WithdrawOffer c) => clocks.Stop(ClockKind.Accept);
}

public static class AssignmentPhase
{
    /// <summary>The offer is gone (declined or run out): the technician is remembered so dispatch passes them over.</summary>
    public static WorkOrder Withdraw(WorkOrder order, string reason, DateTimeOffset now) => order with
    {
        Declines = [.. order.Declines, new DeclinedOffer(order.TechnicianId!, reason, now)],
        TechnicianId = null,
        DispatchedAt = null,
    };
}
