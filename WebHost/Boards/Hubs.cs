using FieldService.Boards;
using FieldService.Dispatching;
using FieldService.Escalations;
using FieldService.TechnicalSupport;
using FieldService.Quality;
using FieldService.Technicians;
using FieldService.WebHost.Apis;
using FieldService.WebHost.Security;
using FieldService.WorkOrders;
using Microsoft.AspNetCore.SignalR;

namespace FieldService.WebHost.Boards;

/// <summary>Shared by the hubs: join a stream (snapshot or missed deltas), act as the signed-in caller.</summary>
public abstract class BoardHub(BoardRelay relay, IGrainFactory grains) : Hub
{
    protected IGrainFactory Grains => grains;

    protected Actor Caller => Actors.Of(Context.User!);

    /// <summary>Joins the stream's group first, then reads its position, so nothing published in between is lost
    /// (what arrives twice is recognised by its sequence).</summary>
    protected async Task<BoardJoin> JoinStreamAsync(string stream, string? epoch, long? after, Func<Task<BoardSnapshot>> snapshot)
    {
        await relay.FollowAsync(stream);
        await Groups.AddToGroupAsync(Context.ConnectionId, stream);
        var board = grains.GetGrain<IBoardGrain>(stream);
        if (epoch is not null && after is { } sequence && await board.SinceAsync(epoch, sequence) is { } missed)
        {
            return new BoardJoin(stream, epoch, missed.Count == 0 ? sequence : missed[^1].Sequence, missed, null);
        }

        var position = await board.PositionAsync();
        return new BoardJoin(stream, position.Epoch, position.Sequence, null, await snapshot());
    }

    /// <summary>The open orders' cards, in one call: the directory reads them beside the orders and scopes them.</summary>
    protected Task<IReadOnlyList<OrderCard>> OpenOrdersAsync(string? region, string? technicianId) =>
        grains.GetGrain<IWorkOrderDirectoryGrain>(0).OpenCardsAsync(region, technicianId, Caller);

    protected static T OrThrow<T>(Result<T> result) => result.Failure is { } failure
        ? throw new HubException($"{failure.Kind}: {failure.Message}")
        : result.Value!;

    protected static void RequireIdentifier(string? value, string what)
    {
        if (value is null || !Validation.IsIdentifier(value))
        {
            throw new HubException($"Invalid: {what} must be 1–64 letters, digits, '-', '_' or '.'.");
        }
    }
}

/// <summary>/hubs/dispatch: a region's live board for dispatchers (orders with clocks, technicians, queue).</summary>
public sealed class DispatchHub(BoardRelay relay, IGrainFactory grains) : BoardHub(relay, grains)
{
    public Task<BoardJoin> JoinRegion(string region, string? epoch, long? after)
    {
        RequireIdentifier(region, "region");
        return JoinStreamAsync(BoardStreams.Dispatch(region), epoch, after, async () => new BoardSnapshot(
            await OpenOrdersAsync(region, null),
            await Grains.GetGrain<ITechnicianDirectoryGrain>(0).ListAsync(region),
            await Grains.GetGrain<IDispatcherGrain>(region).GetQueueAsync(),
            []));
    }

    /// <summary>The escalation feed of dispatch's own teams (P3/P4 breaches to <c>dispatch</c>, P2 to <c>dispatch-lead</c>)
    /// and the storekeepers' (<c>stores</c>: low stock, shortages, overdue stocktakes).</summary>
    public Task<BoardJoin> JoinEscalations(string team, string? epoch, long? after)
    {
        if (team is not (Teams.Dispatch or Teams.DispatchLead or Teams.Stores))
        {
            throw new HubException($"Invalid: team must be {Teams.Dispatch}, {Teams.DispatchLead} or {Teams.Stores}.");
        }

        return JoinStreamAsync(BoardStreams.Team(team), epoch, after, async () => new BoardSnapshot(
            [], [], [], await Grains.GetGrain<IEscalationDirectoryGrain>(0).ListAsync(team, openOnly: true)));
    }

    /// <summary>Every team's roster and the emergency plans as they are saved (the admin workspace). Only for those who
    /// may read the rosters over REST: the hub's other users (storekeepers) may not.</summary>
    public async Task<BoardJoin> JoinTeams(string? epoch, long? after)
    {
        if (!AccessPolicy.RolesFor("GetTeamRoster", "")!.Any(Caller.Has))
        {
            throw new HubException("Forbidden: the teams' rosters are for the emergency team, dispatchers, managers and admins.");
        }

        return await JoinStreamAsync(BoardStreams.TeamRecords, epoch, after, async () => new BoardSnapshot([], [], [], [],
            Rosters: await Task.WhenAll(Teams.All.Select(async team => new TeamRoster(team, await Grains.GetGrain<IEscalationTeamGrain>(team).GetRosterAsync()))),
            Plans: await Grains.GetGrain<IEscalationTeamGrain>(Teams.Emergency).ListPlansAsync()));
    }

    /// <summary>P2: a manual assignment from the board (the reason is recorded).</summary>
    public async Task<OrderCard> Assign(string workOrderId, string technicianId, string? reason)
    {
        // As over REST (WorkOrder-dispatch): assigning is the dispatcher's step, even on a board others may watch.
        if (!Caller.Has(Roles.Dispatcher))
        {
            throw new HubException("Forbidden: only a dispatcher assigns work orders.");
        }

        RequireIdentifier(workOrderId, "workOrderId");
        return OrderCard.Of(OrThrow(await Grains.GetGrain<IWorkOrderGrain>(workOrderId).ExecuteAsync(new Dispatch(technicianId, reason), Caller)));
    }
}

/// <summary>/hubs/customer-service: a region's orders as they change, for customer service's triage queue (P1). The
/// dispatch board's stream, without its technicians, queue or assigning.</summary>
public sealed class CustomerServiceHub(BoardRelay relay, IGrainFactory grains) : BoardHub(relay, grains)
{
    public Task<BoardJoin> JoinRegion(string region, string? epoch, long? after)
    {
        RequireIdentifier(region, "region");
        return JoinStreamAsync(BoardStreams.Dispatch(region), epoch, after, async () => new BoardSnapshot(await OpenOrdersAsync(region, null), [], [], []));
    }
}

/// <summary>/hubs/my-orders: the signed-in customer's own orders as they change (the stream of their account, taken
/// from their identity, never from an argument). The cards say which order moved; the page reads the order as the
/// customer may see it (<c>GET /api/me/orders/{id}</c>), notices and allowed steps included.</summary>
public sealed class CustomerHub(BoardRelay relay, IGrainFactory grains) : BoardHub(relay, grains)
{
    public Task<BoardJoin> Join(string? epoch, long? after)
    {
        var customerId = Caller.CustomerId ?? throw new HubException("Forbidden: the sign-in names no customer account.");
        return JoinStreamAsync(BoardStreams.Customer(customerId), epoch, after, async () => new BoardSnapshot(await OpenOrdersAsync(null, null), [], [], []));
    }
}

/// <summary>/hubs/technician: the signed-in technician's offers and orders; accept or decline from here.</summary>
public sealed class TechnicianHub(BoardRelay relay, IGrainFactory grains) : BoardHub(relay, grains)
{
    private string TechnicianId => Caller.TechnicianId ?? throw new HubException("Forbidden: the token names no technician.");

    public Task<BoardJoin> Join(string? epoch, long? after)
    {
        var technicianId = TechnicianId;
        return JoinStreamAsync(BoardStreams.Technician(technicianId), epoch, after, async () => new BoardSnapshot(
            await OpenOrdersAsync(null, technicianId),
            await Grains.GetGrain<ITechnicianGrain>(technicianId).GetAsync() is { } me ? [me] : [],
            [],
            []));
    }

    public async Task<OrderCard> Accept(string workOrderId)
    {
        RequireIdentifier(workOrderId, "workOrderId");
        return OrderCard.Of(OrThrow(await Grains.GetGrain<IWorkOrderGrain>(workOrderId).ExecuteAsync(new Accept(), Caller)));
    }

    public async Task<OrderCard> Decline(string workOrderId, string reason)
    {
        RequireIdentifier(workOrderId, "workOrderId");
        return OrderCard.Of(OrThrow(await Grains.GetGrain<IWorkOrderGrain>(workOrderId).ExecuteAsync(new DeclineOffer(reason ?? ""), Caller)));
    }
}

/// <summary>/hubs/emergency: the emergency team's escalations as they happen; acknowledge from here.</summary>
public sealed class EmergencyHub(BoardRelay relay, IGrainFactory grains) : BoardHub(relay, grains)
{
    public Task<BoardJoin> Join(string? epoch, long? after) =>
        JoinStreamAsync(BoardStreams.Team(Teams.Emergency), epoch, after, async () => new BoardSnapshot(
            [], [], [], await Grains.GetGrain<IEscalationDirectoryGrain>(0).ListAsync(Teams.Emergency, openOnly: true)));

    public async Task<Escalation> Acknowledge(string escalationId)
    {
        RequireIdentifier(escalationId, "escalationId");
        if (Teams.OfEscalation(escalationId) != Teams.Emergency)
        {
            throw new HubException($"NotFound: no emergency escalation {escalationId}.");
        }

        if (!Teams.MayAcknowledge(Teams.Emergency, Caller))
        {
            throw new HubException("Forbidden: only the emergency team or a manager acknowledges its escalations.");
        }

        return OrThrow(await Grains.GetGrain<IEscalationGrain>(escalationId).AcknowledgeAsync(Caller));
    }
}

/// <summary>/hubs/support: technical support's inbox (TS1), every request as it is asked and answered. Answering is the
/// order's step over REST (<c>WorkOrder-support-answer</c>), whose 422 the page shows by its field.</summary>
public sealed class SupportHub(BoardRelay relay, IGrainFactory grains) : BoardHub(relay, grains)
{
    public Task<BoardJoin> Join(string? epoch, long? after) =>
        JoinStreamAsync(BoardStreams.Support, epoch, after, async () => new BoardSnapshot(
            [], [], [], [], await Grains.GetGrain<ISupportInboxGrain>(0).ListAsync(openOnly: false)));
}

/// <summary>/hubs/inspection: the inspectors' queue (Q3/Q4) as it changes, company-wide: repairs entering it with why they
/// were chosen, leaving it when passed, going to rework with the rework clock, and every decided completion (the
/// sampling tallies moved). The verdict itself is a REST command (<c>WorkOrder-inspection</c>).</summary>
public sealed class InspectionHub(BoardRelay relay, IGrainFactory grains) : BoardHub(relay, grains)
{
    public Task<BoardJoin> Join(string? epoch, long? after) =>
        JoinStreamAsync(BoardStreams.Inspection, epoch, after, async () => new BoardSnapshot(
            [], [], [], [], Inspections: await Grains.GetGrain<IWorkOrderDirectoryGrain>(0).InspectionCardsAsync(Caller)));
}
