using FieldService.Audit;
using FieldService.Clocks;
using FieldService.Grains.Clocks;
using FieldService.Grains.Common;
using FieldService.WorkOrders;
using static FieldService.WorkOrders.WorkOrderStatus;

namespace FieldService.Grains.WorkOrders.Phases;

// The visit (P4, E2): the technician sets off, announces a delay, contacts the customer, arrives.

/// <summary>P4: the technician sets off.</summary>
public sealed class StartTravelRule : CommandRule<StartTravel>
{
    public override string Action => AuditActions.EnRoute;

    public override IReadOnlyList<WorkOrderStatus> From => [Accepted];

    public override WorkOrderStatus? To => EnRoute;

    public override StepActor Who => StepActor.AssignedTechnician;

    protected override Failure? Validate(StartTravel c, DateTimeOffset now, QualityContext? quality) =>
        c.Eta is { } eta ? new Validation().Future("eta", eta, now).ToFailure() : null;

    protected override WorkOrder Apply(WorkOrder order, StartTravel c, Actor actor, DateTimeOffset now, QualityContext? quality) =>
        order with { EnRouteAt = now, Eta = c.Eta ?? order.Eta };

    protected override string? Reason(StartTravel c, WorkOrder after, QualityContext? quality) => c.Eta is { } eta ? $"eta {eta:O}" : null;
}

/// <summary>P4: the agreed time cannot be kept; the customer is told in advance with the reason.</summary>
public sealed class AnnounceDelayRule : CommandRule<AnnounceDelay>
{
    public override string Action => AuditActions.Delay;

    public override IReadOnlyList<WorkOrderStatus> From => [Accepted, EnRoute];

    public override StepActor Who => StepActor.AssignedTechnician;

    protected override Failure? Validate(AnnounceDelay c, DateTimeOffset now, QualityContext? quality) =>
        new Validation().Required("reason", c.Reason, 1000).Future("newEta", c.NewEta, now).ToFailure();

    protected override WorkOrder Apply(WorkOrder order, AnnounceDelay c, Actor actor, DateTimeOffset now, QualityContext? quality) =>
        order with { Eta = c.NewEta, Delays = [.. order.Delays, new Delay(c.NewEta, c.Reason, now, actor.Id)] };

    protected override string? Reason(AnnounceDelay c, WorkOrder after, QualityContext? quality) => $"new eta {c.NewEta:O}: {c.Reason}";

    protected override string? CustomerNotice(WorkOrder after, AnnounceDelay d) => $"Your technician is delayed ({d.Reason}); new arrival time {d.NewEta:u}.";

    /// <summary>P4: a delay announced before the agreed time moves the deadline to the new ETA instead of alerting.</summary>
    protected override void Clocks(ClockBook clocks, WorkOrder after, AnnounceDelay c) => clocks.PostponeIfNotDue(ClockKind.Arrival, c.NewEta);
}

/// <summary>P4: the technician is on site.</summary>
public sealed class ArriveRule : CommandRule<Arrive>
{
    public override string Action => AuditActions.Arrive;

    public override IReadOnlyList<WorkOrderStatus> From => [EnRoute];

    public override WorkOrderStatus? To => OnSite;

    public override StepActor Who => StepActor.AssignedTechnician;

    protected override WorkOrder Apply(WorkOrder order, Arrive c, Actor actor, DateTimeOffset now, QualityContext? quality) => order with { ArrivedAt = now };

    protected override string? CustomerNotice(WorkOrder after, Arrive command) => "Your technician has arrived.";

    protected override void Clocks(ClockBook clocks, WorkOrder after, Arrive c)
    {
        clocks.Meet(ClockKind.Arrival);
        clocks.Meet(ClockKind.EmergencyArrival);
    }
}

/// <summary>E2: the technician contacted the customer.</summary>
public sealed class ContactCustomerRule : CommandRule<ContactCustomer>
{
    public override string Action => AuditActions.Contact;

    public override IReadOnlyList<WorkOrderStatus> From => [Dispatched, Accepted, EnRoute, OnSite];

    public override StepActor Who => StepActor.AssignedTechnician;

    protected override Failure? Validate(ContactCustomer c, DateTimeOffset now, QualityContext? quality) =>
        new Validation().Required("channel", c.Channel, 50).Optional("notes", c.Notes).ToFailure();

    protected override WorkOrder Apply(WorkOrder order, ContactCustomer c, Actor actor, DateTimeOffset now, QualityContext? quality) =>
        order with { Contacts = [.. order.Contacts, new CustomerContact(c.Channel, c.Notes, now, actor.Id)] };

    protected override string? Reason(ContactCustomer c, WorkOrder after, QualityContext? quality) => $"customer contacted by {c.Channel}";

    protected override void Clocks(ClockBook clocks, WorkOrder after, ContactCustomer c) => clocks.Meet(ClockKind.EmergencyContact);
}
