using FieldService.Boards;
using FieldService.Callbacks;
using FieldService.Dispatching;
using FieldService.Quality;

namespace FieldService.WorkOrders;

/// <summary>Lists work orders from the index that every order keeps up to date, and answers the queries built on
/// it. Every caller-facing query takes the actor and returns only what that caller may see, so no client repeats
/// the scoping rules.</summary>
[Alias("fs.IWorkOrderDirectoryGrain")]
public interface IWorkOrderDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>The index as it is, unscoped: for the platform's own use (dispatchers rebuilding a queue, reports).</summary>
    Task<Page<WorkOrderSummary>> ListAsync(WorkOrderQuery query);

    /// <summary>The listing as <paramref name="actor"/> may see it: a customer only their own orders, a technician
    /// only those offered or assigned to them (whatever the query's filters say); everyone else every order.</summary>
    Task<Page<WorkOrderSummary>> ListForAsync(WorkOrderQuery query, Actor actor);

    /// <summary>P9: the callback queue now: orders whose callback clock runs, most overdue
    /// first, then soonest due (at most <see cref="CallbackDue.MaxListed"/>), optionally in one region; only orders
    /// the actor may see, with the customer's contact masked where H3 says so.</summary>
    Task<IReadOnlyList<CallbackDue>> CallbackQueueAsync(string? region, Actor actor);

    /// <summary>P1: customers of earlier orders whose name contains <paramref name="search"/>, or whose phone contains
    /// its digits when the actor may see contact data (H3: a number is never matched for whom it stays masked), newest
    /// order first, one line per customer (at most <see cref="KnownCustomer.MaxFound"/>, from the newest
    /// <see cref="KnownCustomer.MaxOrdersRead"/> orders the actor may see).</summary>
    Task<IReadOnlyList<KnownCustomer>> FindCustomersAsync(string search, Actor actor);

    /// <summary>CS1: the earlier orders of whoever wrote from <paramref name="email"/> or <paramref name="phone"/> (the
    /// same address in any case, or the same digits), newest first, at most <see cref="KnownCustomer.MaxFound"/> from the
    /// newest <see cref="KnownCustomer.MaxOrdersRead"/>: for the platform's intake only (unmasked, unscoped).</summary>
    Task<IReadOnlyList<WorkOrder>> OrdersOfSenderAsync(string? email, string? phone);

    /// <summary>A board's snapshot in one call: the cards of the open orders (neither closed nor cancelled) of a
    /// region or of a technician (at most <see cref="OrderCard.MaxSnapshot"/>), as <paramref name="actor"/> may see
    /// them.</summary>
    Task<IReadOnlyList<OrderCard>> OpenCardsAsync(string? region, string? technicianId, Actor actor);

    /// <summary>Q3/Q4: the inspectors' queue as it stands: every repair waiting for an inspector or in rework (at most
    /// <see cref="InspectionCard.MaxSnapshot"/> of each status read), oldest completion first.</summary>
    Task<IReadOnlyList<InspectionCard>> InspectionCardsAsync(Actor actor);

    /// <summary>The actor's own orders as a customer follows them (newest first, at most
    /// <see cref="CustomerOrder.MaxListed"/>): each as they read it, with the technician's name. Empty for an actor
    /// bound to no customer account.</summary>
    Task<IReadOnlyList<CustomerOrder>> CustomerOrdersAsync(Actor actor);

    /// <summary>One order as its customer follows it; null when it is not the actor's (or does not exist).</summary>
    Task<CustomerOrder?> CustomerOrderAsync(string workOrderId, Actor actor);

    /// <summary>P2: why an order went to its technician, or why it still waits (its dispatcher's latest verdict);
    /// null when there is none or the order is not the actor's to see.</summary>
    Task<DispatchDecision?> DispatchDecisionAsync(string workOrderId, Actor actor);
}
