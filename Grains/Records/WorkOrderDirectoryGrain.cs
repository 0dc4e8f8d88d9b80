using FieldService.Boards;
using FieldService.Callbacks;
using FieldService.Dispatching;
using FieldService.Grains.Callbacks;
using FieldService.Grains.WorkOrders;
using FieldService.Quality;
using FieldService.Technicians;
using FieldService.WorkOrders;
using Orleans.Concurrency;

namespace FieldService.Grains.Records;

/// <summary>
/// The queries over the work-order index, stateless so that a web host running as a pure cluster client can ask them
/// too and so that they run on the silo, next to the orders they read. Each caller-facing query takes the actor and
/// scopes its answer with <see cref="WorkOrderAccess"/>: the same rules a single read obeys.
/// </summary>
[StatelessWorker]
public sealed class WorkOrderDirectoryGrain(IWorkOrderIndex index, TimeProvider time) : Grain, IWorkOrderDirectoryGrain
{
    /// <summary>Index rows read per query while walking a listing.</summary>
    private const int IndexPage = 100;

    public Task<Page<WorkOrderSummary>> ListAsync(WorkOrderQuery query) => index.QueryAsync(query);

    public Task<Page<WorkOrderSummary>> ListForAsync(WorkOrderQuery query, Actor actor) => index.QueryAsync(WorkOrderAccess.Scope(query, actor));

    public async Task<IReadOnlyList<CallbackDue>> CallbackQueueAsync(string? region, Actor actor)
    {
        // The oldest waiting orders are the likeliest to be due first: read each status's listing from its oldest end,
        // and at most MaxListed orders in all.
        var waiting = new List<WorkOrderSummary>();
        foreach (var status in CallbackQueue.WaitingStatuses)
        {
            waiting.AddRange(await OldestAsync(WorkOrderAccess.Scope(new WorkOrderQuery(status, region, null, 1, IndexPage), actor)));
        }

        var candidates = waiting.OrderBy(s => s.ReportedAt).Take(CallbackQueue.MaxListed);
        var orders = await ReadAsync(candidates, actor);
        return CallbackQueue.Build(orders, time.GetUtcNow());
    }

    public async Task<IReadOnlyList<KnownCustomer>> FindCustomersAsync(string search, Actor actor)
    {
        var found = new Dictionary<string, KnownCustomer>(StringComparer.Ordinal);
        var query = WorkOrderAccess.Scope(new WorkOrderQuery(null, null, null, 1, IndexPage), actor);
        for (var read = 0; read < KnownCustomer.MaxOrdersRead && found.Count < KnownCustomer.MaxFound; read += IndexPage)
        {
            var page = await index.QueryAsync(query with { PageNumber = read / IndexPage + 1 });
            // The name alone says nothing about who it is: only lines whose name could match, or every line when the
            // search may match a phone, are read from their orders.
            var lines = page.Items.Where(s => CustomerSearch.MayMatch(s.CustomerName, search));
            foreach (var order in await ReadFullAsync(lines, actor))
            {
                if (found.Count < KnownCustomer.MaxFound && CustomerSearch.Matches(order, search, WorkOrderAccess.MaySeeContact(order, actor)))
                {
                    found.TryAdd(CustomerSearch.Key(order), CustomerSearch.Found(WorkOrderAccess.ViewFor(order, actor)));
                }
            }

            if (page.Items.Count < IndexPage)
            {
                break;
            }
        }

        return found.Values.OrderByDescending(c => c.LastReportedAt).ToList();
    }

    public async Task<IReadOnlyList<WorkOrder>> OrdersOfSenderAsync(string? email, string? phone)
    {
        var found = new List<WorkOrder>();
        if (string.IsNullOrWhiteSpace(email) && string.IsNullOrWhiteSpace(phone))
        {
            return found;
        }

        // The index names no addresses (H3 keeps them on the orders), so the newest orders are read whole.
        var query = new WorkOrderQuery(null, null, null, 1, IndexPage);
        for (var read = 0; read < KnownCustomer.MaxOrdersRead && found.Count < KnownCustomer.MaxFound; read += IndexPage)
        {
            var page = await index.QueryAsync(query with { PageNumber = read / IndexPage + 1 });
            found.AddRange((await ReadFullAsync(page.Items, Actor.System)).Where(o => CustomerSearch.IsSender(o.Customer, email, phone)));
            if (page.Items.Count < IndexPage)
            {
                break;
            }
        }

        return found.OrderByDescending(o => o.ReportedAt).Take(KnownCustomer.MaxFound).ToList();
    }

    public async Task<IReadOnlyList<OrderCard>> OpenCardsAsync(string? region, string? technicianId, Actor actor)
    {
        var query = WorkOrderAccess.Scope(new WorkOrderQuery(null, region, technicianId, 1, OrderCard.MaxSnapshot), actor);
        var page = await index.QueryAsync(query);
        var open = page.Items.Where(o => o.Status is not (WorkOrderStatus.Closed or WorkOrderStatus.Cancelled));
        return (await ReadAsync(open, actor)).Select(OrderCard.Of).ToList();
    }

    public async Task<IReadOnlyList<InspectionCard>> InspectionCardsAsync(Actor actor)
    {
        var lines = new List<WorkOrderSummary>();
        foreach (var status in InspectionCard.Statuses)
        {
            var query = WorkOrderAccess.Scope(new WorkOrderQuery(status, null, null, 1, InspectionCard.MaxSnapshot), actor);
            lines.AddRange((await index.QueryAsync(query)).Items);
        }

        // Repairs in progress are read to tell rework from a first repair; only the inspectors' concern is kept.
        return (await ReadAsync(lines, actor)).Select(InspectionCard.Of).Where(c => c.Stage != InspectionStage.Done)
            .OrderBy(c => c.CompletedAt ?? c.UpdatedAt).ThenBy(c => c.Id, StringComparer.Ordinal).ToList();
    }

    public async Task<DispatchDecision?> DispatchDecisionAsync(string workOrderId, Actor actor)
    {
        var orderGrain = GrainFactory.GetGrain<IWorkOrderGrain>(workOrderId);
        if (await orderGrain.GetAsync() is not { } order || !WorkOrderAccess.MaySee(order, actor))
        {
            return null;
        }

        // A waiting order's latest verdict is its dispatcher's; otherwise the decision that placed it.
        var decision = WorkOrderLifecycle.AwaitsDispatch(order) && await orderGrain.GetDispatchRequestAsync() is { } request
            ? await GrainFactory.GetGrain<IDispatcherGrain>(order.Region).AttemptForAsync(request)
            : null;
        return decision ?? await orderGrain.GetDispatchDecisionAsync();
    }

    public async Task<IReadOnlyList<CustomerOrder>> CustomerOrdersAsync(Actor actor)
    {
        if (actor.CustomerId is not { } customerId)
        {
            return [];
        }

        var page = await index.QueryAsync(WorkOrderAccess.Scope(new WorkOrderQuery(null, null, null, 1, CustomerOrder.MaxListed, customerId), actor));
        var reads = await Task.WhenAll(page.Items.Select(s => GrainFactory.GetGrain<IWorkOrderGrain>(s.Id).GetForAsync(actor)));
        return await WithTechnicianNamesAsync(reads.OfType<WorkOrderRead>().ToList());
    }

    public async Task<CustomerOrder?> CustomerOrderAsync(string workOrderId, Actor actor) =>
        actor.CustomerId is not null && await GrainFactory.GetGrain<IWorkOrderGrain>(workOrderId).GetForAsync(actor) is { } read
            ? (await WithTechnicianNamesAsync([read]))[0]
            : null;

    /// <summary>Each read with its technician's name, each technician asked once. Read here rather than by the order,
    /// so that no order grain waits on a technician grain (which may be waiting on it).</summary>
    private async Task<IReadOnlyList<CustomerOrder>> WithTechnicianNamesAsync(IReadOnlyList<WorkOrderRead> reads)
    {
        var ids = reads.Select(r => r.Order.TechnicianId).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        var technicians = await Task.WhenAll(ids.Select(id => GrainFactory.GetGrain<ITechnicianGrain>(id).GetAsync()));
        var names = ids.Zip(technicians).Where(p => p.Second is not null).ToDictionary(p => p.First, p => p.Second!.Profile.Name, StringComparer.Ordinal);
        return reads.Select(r => new CustomerOrder(r, r.Order.TechnicianId is { } id ? names.GetValueOrDefault(id) : null)).ToList();
    }

    /// <summary>The orders behind index lines, as the actor may see them (read in parallel; a line whose order is gone
    /// or no longer the actor's is left out).</summary>
    private async Task<IReadOnlyList<WorkOrder>> ReadAsync(IEnumerable<WorkOrderSummary> lines, Actor actor) =>
        (await ReadFullAsync(lines, actor)).Select(o => WorkOrderAccess.ViewFor(o, actor)).ToList();

    /// <summary>The orders behind index lines the actor may see, unmasked: for the directory's own matching only.</summary>
    private async Task<IReadOnlyList<WorkOrder>> ReadFullAsync(IEnumerable<WorkOrderSummary> lines, Actor actor)
    {
        var orders = await Task.WhenAll(lines.Select(s => GrainFactory.GetGrain<IWorkOrderGrain>(s.Id).GetAsync()));
        return orders.OfType<WorkOrder>().Where(o => WorkOrderAccess.MaySee(o, actor)).ToList();
    }

    /// <summary>Up to <see cref="CallbackQueue.MaxListed"/> orders of a query, oldest reported first. The listing is
    /// newest first, so it is read from its last page back.</summary>
    private async Task<List<WorkOrderSummary>> OldestAsync(WorkOrderQuery query)
    {
        var first = await index.QueryAsync(query);
        var found = new List<WorkOrderSummary>();
        for (var page = (int)((first.Total + IndexPage - 1) / IndexPage); page >= 1 && found.Count < CallbackQueue.MaxListed; page--)
        {
            var items = page == 1 ? first.Items : (await index.QueryAsync(query with { PageNumber = page })).Items;
            found.AddRange(items.Reverse());
        }

        return found.Take(CallbackQueue.MaxListed).ToList();
    }
}
