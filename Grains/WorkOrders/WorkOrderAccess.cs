using FieldService.Clocks;
using FieldService.WorkOrders;

namespace FieldService.Grains.WorkOrders;

/// <summary>
/// Object-level access (OWASP API1) and confidentiality (H3) for work orders. Which role may call which endpoint is
/// the web host's policy table; this class decides, per order, what a caller holding that role may see and do.
/// </summary>
public static class WorkOrderAccess
{
    /// <summary>A scoped caller sees only their own orders: a customer the ones they own, a technician the ones
    /// offered or assigned to them. Everyone else sees every order.</summary>
    public static bool MaySee(WorkOrder order, Actor actor) =>
        !actor.IsScoped || Owns(order, actor) || IsAssigned(order, actor);

    /// <summary>The listing query as this caller may run it, the listing's form of <see cref="MaySee"/>: a customer's
    /// is narrowed to their own orders, a technician's to those offered or assigned to them, whatever it asked.</summary>
    public static WorkOrderQuery Scope(WorkOrderQuery query, Actor actor) =>
        !actor.IsScoped ? query
        : actor.Has(Roles.Customer) ? query with { CustomerId = actor.CustomerId ?? "" }
        : query with { TechnicianId = actor.TechnicianId ?? "" };

    /// <summary>The intake as this caller may report it: a scoped caller (a customer) reports for their own account,
    /// whatever the intake names.</summary>
    public static ReportFault IntakeFor(ReportFault intake, Actor actor) =>
        actor.IsScoped ? intake with { CustomerId = actor.CustomerId } : intake;

    /// <summary>Whether the caller may take this step on this order (beyond holding a role allowed to call it).</summary>
    public static bool MayTake(WorkOrder order, WorkOrderCommand command, Actor actor) => MayTake(order, command.GetType(), actor);

    /// <summary>Whether the caller may take steps of this command type on this order: the rule depends on the kind of
    /// step only, so the allowed actions of a read can be judged without a command in hand.</summary>
    public static bool MayTake(WorkOrder order, Type step, Actor actor)
    {
        if (actor.IsSystem)
        {
            return true;
        }

        // Who may take which step is part of the step's rule (its phase under Phases/).
        return Phases.CommandRules.For(step).Who switch
        {
            Phases.StepActor.Platform => false,
            Phases.StepActor.AssignedTechnician => IsAssigned(order, actor),
            Phases.StepActor.OwnerOrAssignedTechnician => Owns(order, actor) || IsAssigned(order, actor),
            Phases.StepActor.Visible => MaySee(order, actor),
            var who => throw new InvalidOperationException($"Step access {who} is not judged."),
        };
    }

    /// <summary>H3: the customer's phone, email, address and position are shown in full only to the customer,
    /// to customer service, to dispatch, and to the technician while the order is assigned to them.</summary>
    public static bool MaySeeContact(WorkOrder order, Actor actor) =>
        actor.IsSystem || actor.Has(Roles.Agent) || actor.Has(Roles.Dispatcher) || Owns(order, actor) || IsAssigned(order, actor);

    /// <summary>The order as this caller may see it: contact data masked unless <see cref="MaySeeContact"/>; a
    /// customer reads only the notices addressed to them (the ones to dispatch, teams and technicians are the
    /// platform's internal traffic).</summary>
    public static WorkOrder ViewFor(WorkOrder order, Actor actor)
    {
        // A customer's mails and chats may carry their address and number (a signature line): masked with the contact.
        var view = MaySeeContact(order, actor)
            ? order
            : order with { Customer = Mask(order.Customer), Thread = order.Thread.Select(m => m with { Subject = null, Text = "(confidential)" }).ToArray() };
        return actor.IsScoped && actor.Has(Roles.Customer)
            ? view with { Notifications = view.Notifications.Where(n => n.To == Notification.Customer).ToArray() }
            : view;
    }

    public static Customer Mask(Customer customer) =>
        new(customer.Name, MaskPhone(customer.Phone), MaskEmail(customer.Email), "(confidential)", Location: null, customer.Language);

    private static bool Owns(WorkOrder order, Actor actor) =>
        actor.Has(Roles.Customer) && actor.CustomerId is not null && actor.CustomerId == order.CustomerId;

    /// <summary>Whether the caller is the technician the order is offered or assigned to (the steps of
    /// <see cref="Phases.StepActor.AssignedTechnician"/>, and photos).</summary>
    public static bool IsAssignedTechnician(WorkOrder order, Actor actor) => IsAssigned(order, actor);

    private static bool IsAssigned(WorkOrder order, Actor actor) =>
        actor.Has(Roles.Technician) && actor.TechnicianId is not null && actor.TechnicianId == order.TechnicianId;

    /// <summary>Keeps the last two digits, enough to confirm a number with a caller.</summary>
    private static string? MaskPhone(string? phone) =>
        phone is null ? null : "•••" + new string(phone.Where(char.IsAsciiDigit).TakeLast(2).ToArray());

    /// <summary>Keeps the domain, which says which organisation without saying who.</summary>
    private static string? MaskEmail(string? email) =>
        email is null ? null : email.IndexOf('@') is var at and > 0 ? "•••" + email[at..] : "•••";
}
