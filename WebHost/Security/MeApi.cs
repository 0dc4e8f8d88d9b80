using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FieldService.WebHost.Security;

/// <summary>A page the platform serves and the API endpoints (by name) and routes (by prefix) it cannot work
/// without. Who may use it follows from <see cref="AccessPolicy"/>: the roles allowed every one of them.</summary>
public sealed record Workspace(string Id, string Title, string Path, IReadOnlyList<string> Uses);

public sealed record WorkspaceLink(string Id, string Title, string Path);

public sealed record MeResponse(
    string Subject, string Name, IReadOnlyList<string> Roles, string? TechnicianId, string? CustomerId, IReadOnlyList<WorkspaceLink> Workspaces);

/// <summary><c>GET /api/me</c>: the signed-in person, their roles and records, and the workspaces their roles may use.</summary>
public static class MeApi
{
    /// <summary>The pages and what each needs. Only the page's needs live here; who may call them stays in the policy table.</summary>
    public static IReadOnlyList<Workspace> Workspaces { get; } =
    [
        new("agent", "Customer service", "/agent.html", ["ReportFault", "WorkOrder-triage", "ListCallbacks", "OpenComplaint", "/hubs/customer-service"]),
        new("dispatch", "Dispatch board", "/dispatch.html", ["/hubs/dispatch", "ListWorkOrders"]),
        new("technician", "Technician", "/technician.html", ["/hubs/technician", "WorkOrder-accept"]),
        new("emergency", "Emergency console", "/emergency.html", ["/hubs/emergency", "ListEscalations"]),
        new("support", "Technical support", "/support.html", ["/hubs/support", "ListSupportRequests", "WorkOrder-support-answer", "PublishStandard"]),
        new("admin", "Technicians and teams", "/admin.html", ["SaveTechnician", "SetTechnicianShifts", "AddTechnicianLeave", "ListTechnicians", "/hubs/dispatch"]),
        new("customer", "Customer", "/customer.html", ["ReportFault", "WorkOrder-acceptance", "WorkOrder-callback", "ListMyOrders", "GetMyNotificationPreferences", "SetMyNotificationPreferences", "/hubs/my-orders"]),
        new("inspector", "Inspection", "/inspector.html", ["/hubs/inspection", "GetSamplingTallies", "GetWorkOrder", "GetStandardVersion", "WorkOrder-inspection"]),
        // M1–M3: the storekeeper's, and open to whoever may read every bin and ledger and watch the stores feed (a manager,
        // an admin); the movements themselves stay the storekeeper's, as the policy table says per endpoint.
        new("stores", "Stores", "/stores.html", ["ListBins", "GetBinLedger", "ListPurchaseSuggestions", "ListPurchaseOrders", "/hubs/dispatch"]),
        new("manager", "KPI dashboard", "/manager.html", ["GetKpiDashboard", "GetComplianceReport", "GetTechnicianRanking", "GetTechnicianAssessment", "QueryAudit"]),
        new("dashboard", "Orleans dashboard", "/dashboard", ["/dashboard"]),
    ];

    /// <summary>The roles the policy table allows for every need of <paramref name="workspace"/>; a need the table does
    /// not know is a programming error.</summary>
    public static IReadOnlyList<string> RolesFor(Workspace workspace) =>
        workspace.Uses.Select(use => (use.StartsWith('/') ? AccessPolicy.RolesFor(null, use) : AccessPolicy.RolesFor(use, ""))
                ?? throw new InvalidOperationException($"Workspace '{workspace.Id}' uses '{use}', which has no entry in {nameof(AccessPolicy)}."))
            .Aggregate((IEnumerable<string>)FieldService.Roles.All, (allowed, roles) => roles.Length == 0 ? allowed : allowed.Intersect(roles))
            .ToList();

    public static RouteGroupBuilder MapMeApi(this IEndpointRouteBuilder app)
    {
        // Fail at start, not at the first request, when a workspace names something the table lacks.
        foreach (var workspace in Workspaces)
        {
            _ = RolesFor(workspace);
        }

        var api = app.MapGroup("api").WithTags("Session");
        api.MapGet("me", Me).WithName("GetMe").WithSummary("The signed-in person, their roles, and the workspaces those roles may use");
        return api;
    }

    private static Ok<MeResponse> Me(ClaimsPrincipal user)
    {
        var roles = user.FindAll(Claims.Role).Select(c => c.Value).Distinct(StringComparer.Ordinal).ToList();
        var subject = user.FindFirst(Claims.Subject)!.Value;
        var workspaces = Workspaces.Where(w => RolesFor(w).Intersect(roles).Any()).Select(w => new WorkspaceLink(w.Id, w.Title, w.Path)).ToList();
        return TypedResults.Ok(new MeResponse(subject, user.FindFirst(Claims.Name)?.Value ?? subject, roles,
            user.FindFirst(Claims.TechnicianId)?.Value, user.FindFirst(Claims.CustomerId)?.Value, workspaces));
    }
}
