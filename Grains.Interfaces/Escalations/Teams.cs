namespace FieldService.Escalations;

/// <summary>Who a breach goes to (DESIGN.md's clock table).</summary>
public static class Teams
{
    /// <summary>E1: the emergency response team (roster, on-call, plans).</summary>
    public const string Emergency = "emergency";

    /// <summary>P2: the dispatcher lead.</summary>
    public const string DispatchLead = "dispatch-lead";

    /// <summary>P3/P4 alerts for the dispatchers on duty.</summary>
    public const string Dispatch = "dispatch";

    /// <summary>P9: the customer-service lead.</summary>
    public const string CustomerServiceLead = "cs-lead";

    /// <summary>M1/M2: the storekeepers (low stock, overdue stocktakes). Their escalations name a parts bin
    /// (<c>location|sku</c>) where others name a work order.</summary>
    public const string Stores = "stores";

    /// <summary>TS1: technical support, for hard faults technicians escalate from an order.</summary>
    public const string Support = "support";

    public static IReadOnlyList<string> All { get; } = [Emergency, DispatchLead, Dispatch, CustomerServiceLead, Stores, Support];

    /// <summary>The role whose holders make up each team (its lead holds the same role: there is no separate lead role).</summary>
    public static IReadOnlyDictionary<string, string> RoleOf { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Emergency] = Roles.Emergency,
        [DispatchLead] = Roles.Dispatcher,
        [Dispatch] = Roles.Dispatcher,
        [CustomerServiceLead] = Roles.Agent,
        [Stores] = Roles.Storekeeper,
        [Support] = Roles.Support,
    };

    /// <summary>Only the team an escalation was raised to (and managers, who lead every team) may acknowledge it: an
    /// acknowledgement stops the re-raising, so anyone else's would silence an alarm meant for the team.</summary>
    public static bool MayAcknowledge(string team, Actor actor) =>
        actor.Has(Roles.Manager) || (RoleOf.TryGetValue(team, out var role) && actor.Has(role));

    /// <summary>The team part of an escalation id (<c>{team}.{hash}</c>), or null when it names none.</summary>
    public static string? OfEscalation(string escalationId) =>
        escalationId.LastIndexOf('.') is var dot and > 0 && All.Contains(escalationId[..dot]) ? escalationId[..dot] : null;
}
