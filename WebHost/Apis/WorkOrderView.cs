using System.Diagnostics.CodeAnalysis;
using FieldService.WebHost.Security;
using FieldService.WorkOrders;

namespace FieldService.WebHost.Apis;

/// <summary>A work order as one caller reads it: what they may see of it, and what they may do next.</summary>
public sealed record WorkOrderView : WorkOrder
{
    /// <summary>Lifecycle actions whose route is named otherwise; the audit trail keeps the action's own name.</summary>
    private static readonly Dictionary<string, string> RouteOfAction = new(StringComparer.Ordinal)
    {
        ["request-dispatch"] = "dispatch", // a dispatch without a technician asks automatic dispatch to choose
        ["claim"] = "claims",
        ["support-request"] = "support-requests",
    };

    [SetsRequiredMembers]
    private WorkOrderView(WorkOrder order, IReadOnlyList<string> allowedActions) : base(order) => AllowedActions = allowedActions;

    /// <summary>The commands (<c>POST /api/work-orders/{id}/{action}</c>) this caller may give now: permitted to their
    /// roles by the access policy and accepted by the lifecycle from the order's state, for this caller.</summary>
    [System.Text.Json.Serialization.JsonPropertyOrder(1)] // after the order's own members, which clients read first
    public IReadOnlyList<string> AllowedActions { get; init; }

    /// <summary>The order as the grain gave it to <paramref name="actor"/> (contact data masked where H3 says so, the
    /// lifecycle's allowed actions judged there), with those actions as routes.</summary>
    public static WorkOrderView For(WorkOrderRead read, Actor actor) => new(read.Order, AllowedRoutes(read.AllowedActions, actor));

    /// <summary>The lifecycle's verdict, kept to the routes that exist and that the caller's roles may call.</summary>
    public static IReadOnlyList<string> AllowedRoutes(IEnumerable<string> allowedActions, Actor actor) =>
        allowedActions
            .Select(RouteOf)
            .Where(route => AccessPolicy.Endpoints.TryGetValue(WorkOrdersApi.CommandEndpointPrefix + route, out var roles) && roles.Any(actor.Has))
            .Distinct()
            .ToArray();

    public static string RouteOf(string action) => RouteOfAction.GetValueOrDefault(action, action);
}
