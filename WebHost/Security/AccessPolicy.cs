using Microsoft.AspNetCore.Authorization;
using static FieldService.Roles;

namespace FieldService.WebHost.Security;

/// <summary>
/// The one table of who may call what: every API endpoint (by name) and every infrastructure route (by prefix) with
/// the roles allowed. Endpoints are wired from this table at start, and an API endpoint missing from it stops the
/// host from starting. Per-object rules (own orders, assigned technician, contact masking) come on top, in
/// <c>WorkOrderAccess</c>.
/// </summary>
public static class AccessPolicy
{
    /// <summary>Open to anyone, signed in or not.</summary>
    public static readonly string[] Anonymous = [];

    /// <summary>Anonymous endpoints that authenticate the request themselves, by a signature over it (CS1's chat
    /// intake): without a valid one they answer 401 to everyone, whatever their role.</summary>
    public static IReadOnlySet<string> Signed { get; } = new HashSet<string>(StringComparer.Ordinal) { "ChatIntake" };

    private static readonly string[] Staff = [Agent, Dispatcher, Emergency, Inspector, Support, Storekeeper, Manager, Auditor, Admin];

    /// <summary>Roles allowed per API endpoint name. Lifecycle commands go to the role that does them (REGULATION.md).</summary>
    public static IReadOnlyDictionary<string, string[]> Endpoints { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["IssueDevToken"] = Anonymous,

        // Whoever holds a role of the platform may ask who they are and which workspaces they may use.
        ["GetMe"] = [.. FieldService.Roles.All],

        // P1: customers report on the web; customer service records phone, email and chat reports.
        ["ReportFault"] = [Customer, Agent],
        // CS1: chat platforms post customers' messages; no platform holds a role: each request carries the HMAC
        // signature of its integration's secret, checked by the endpoint itself (401 without it).
        ["ChatIntake"] = Anonymous,
        ["FindCustomers"] = [Agent], // a caller found again from earlier orders, to re-use their details (H3: CS only)
        ["ListWorkOrders"] = [.. Staff, Customer, Technician],
        ["GetWorkOrder"] = [.. Staff, Customer, Technician],
        ["GetWorkOrderHistory"] = [.. Staff, Customer, Technician],
        ["ListMyOrders"] = [Customer], // the customer page: their own orders with their notices and technician's name
        ["GetMyOrder"] = [Customer],

        // Issue 16: opting out of email or SMS notices, by the customer for themselves or by customer service for them.
        ["GetMyNotificationPreferences"] = [Customer],
        ["SetMyNotificationPreferences"] = [Customer],
        ["GetOrderNotificationPreferences"] = [Agent],
        ["SetOrderNotificationPreferences"] = [Agent],
        ["RecordNoticePhoned"] = [Agent],

        // P5–P7: the assigned technician photographs the fault and the repair; whoever may read the order sees them
        // (object level: the order's own rule, so a customer their own orders, a technician those assigned to them).
        ["AddAttachment"] = [Technician],
        ["ListAttachments"] = [.. Staff, Customer, Technician],
        ["GetAttachment"] = [.. Staff, Customer, Technician],
        ["WorkOrder-triage"] = [Agent],
        ["WorkOrder-dispatch"] = [Dispatcher],
        ["WorkOrder-pull-back"] = [Dispatcher],
        ["WorkOrder-reassign"] = [Dispatcher],
        ["GetDispatchDecision"] = [Dispatcher, Manager, Auditor, Admin],
        ["GetDispatchQueue"] = [Dispatcher, Agent, Manager, Admin],
        ["WorkOrder-accept"] = [Technician],
        ["WorkOrder-decline"] = [Technician],
        ["WorkOrder-en-route"] = [Technician],
        ["WorkOrder-delay"] = [Technician],
        ["WorkOrder-arrive"] = [Technician],
        ["WorkOrder-diagnosis"] = [Technician],
        ["WorkOrder-start-repair"] = [Technician],
        ["WorkOrder-progress"] = [Technician],
        ["WorkOrder-await-parts"] = [Technician],
        ["WorkOrder-complete"] = [Technician],
        ["WorkOrder-inspection"] = [Inspector], // Q3: a designated inspector
        ["WorkOrder-claims"] = [Agent, Manager], // Q4: customer service records the claim, a manager decides it
        ["WorkOrder-claim-decision"] = [Manager],
        ["WorkOrder-support-requests"] = [Technician], // TS1
        ["WorkOrder-support-answer"] = [Support],
        ["WorkOrder-acceptance"] = [Customer, Technician],
        ["WorkOrder-cleanup"] = [Technician],
        ["WorkOrder-callback"] = [Agent, Customer], // P9: customer service calls back, or the customer answers on the web
        ["WorkOrder-cancel"] = [Agent, Dispatcher],
        ["WorkOrder-contact"] = [Technician],
        ["WorkOrder-review"] = [Emergency],

        // P9/CS4: customer service handles complaints and calls back; managers read complaints and may resolve them;
        // a customer opens and reads complaints on their own orders. The callback queue shows contact data: CS only (H3).
        ["OpenComplaint"] = [Agent, Customer],
        ["ListComplaints"] = [Agent, Manager, Customer],
        ["GetComplaint"] = [Agent, Manager, Customer],
        ["GetComplaintHistory"] = [Agent, Manager],
        ["Complaint-investigation"] = [Agent],
        ["Complaint-resolution"] = [Agent, Manager],
        ["Complaint-feedback"] = [Agent],
        ["ListCallbacks"] = [Agent],
        ["ListCallbackQuestions"] = [Agent, Manager, Customer],

        // E1–E3: escalations go to their team; the emergency team keeps its roster and plans.
        ["ListEscalations"] = [Dispatcher, Agent, Emergency, Storekeeper, Support, Manager, Admin],
        ["AcknowledgeEscalation"] = [Dispatcher, Agent, Emergency, Storekeeper, Support, Manager],
        ["GetEmergencyRoster"] = [Emergency, Dispatcher, Manager, Admin],
        ["SetEmergencyRoster"] = [Emergency, Manager, Admin],
        // Every team's roster decides who its escalations go to; the admin workspace keeps them, dispatch reads them.
        ["GetTeamRoster"] = [Emergency, Dispatcher, Manager, Admin],
        ["SetTeamRoster"] = [Manager, Admin],
        ["ListEmergencyPlans"] = [Emergency, Dispatcher, Manager, Admin],
        ["ListEmergencyPlanVersions"] = [Emergency, Dispatcher, Manager, Admin],
        // The admin workspace keeps the plans beside the rosters (DESIGN: admin — technicians, shifts, rosters, plans).
        ["SaveEmergencyPlan"] = [Emergency, Manager, Admin],

        // H1: the repair department (managers) and dispatch keep technician records; a technician reads and
        // updates their own status and position.
        ["SaveTechnician"] = [Dispatcher, Manager, Admin],
        ["GetTechnician"] = [.. Staff, Technician],
        ["ListTechnicians"] = Staff,
        ["SetTechnicianStatus"] = [Dispatcher, Manager, Admin, Technician],
        ["ReportTechnicianLocation"] = [Technician],
        ["SetTechnicianShifts"] = [Dispatcher, Manager, Admin],
        ["AddTechnicianLeave"] = [Dispatcher, Manager, Admin],
        ["CancelTechnicianLeave"] = [Dispatcher, Manager, Admin],

        // M1–M3, Q2: the storekeeper keeps the catalog and the stock; technicians move parts for their own orders;
        // a count is approved by a manager or another storekeeper.
        ["SavePart"] = [Storekeeper, Manager, Admin],
        ["ListParts"] = [.. Staff, Technician],
        ["GetPart"] = [.. Staff, Technician],
        ["GetPartLedger"] = [Storekeeper, Manager, Auditor, Admin],
        ["SaveSupplier"] = [Storekeeper, Manager, Admin],
        ["ListSuppliers"] = [Storekeeper, Manager, Auditor, Admin],
        ["GetBin"] = [.. Staff, Technician],
        ["ListBins"] = [Storekeeper, Manager, Auditor, Admin],
        ["GetBinLedger"] = [Storekeeper, Manager, Auditor, Admin],
        ["Bin-levels"] = [Storekeeper, Manager],
        ["Bin-receive"] = [Storekeeper],
        ["Bin-return-to-supplier"] = [Storekeeper],
        ["Bin-reserve"] = [Storekeeper, Dispatcher, Technician],
        ["Bin-release"] = [Storekeeper, Dispatcher, Technician],
        ["Bin-issue"] = [Storekeeper, Technician],
        ["Bin-return"] = [Storekeeper, Technician],
        ["Bin-count"] = [Storekeeper],
        ["Bin-approve-count"] = [Storekeeper, Manager],
        ["StartTransfer"] = [Storekeeper],
        ["GetStockReport"] = [Storekeeper, Manager, Auditor, Admin],
        ["ListPurchaseSuggestions"] = [Storekeeper, Manager, Admin],
        ["CreatePurchaseOrder"] = [Storekeeper, Manager],
        ["GetPurchaseOrder"] = [Storekeeper, Manager, Auditor, Admin],
        ["ListPurchaseOrders"] = [Storekeeper, Manager, Auditor, Admin],
        ["ReceivePurchaseOrder"] = [Storekeeper],
        ["GetTransfer"] = [Storekeeper, Manager, Auditor, Admin],

        // Q1: technical support writes the standards; everyone who repairs or inspects reads them. Q3: inspectors work
        // their queue; managers and auditors watch the sampling.
        ["PublishStandard"] = [Support],
        ["GetStandard"] = [.. Staff, Technician],
        ["ListStandardVersions"] = [.. Staff, Technician],
        ["GetStandardVersion"] = [.. Staff, Technician],
        ["ListStandardVersionOrders"] = [Support, Inspector, Manager, Auditor, Admin], // which orders used a version
        ["ListSupportRequests"] = [Support, Manager], // TS1: the inbox across orders (questions name no customer)
        ["ListInspectionQueue"] = [Inspector, Manager, Auditor, Admin],
        ["GetSamplingTallies"] = [Inspector, Manager, Auditor, Admin],

        // S1: internal audit.
        ["QueryAudit"] = [Auditor, Manager, Admin],
        ["GetComplianceReport"] = [Auditor, Manager, Admin],
        ["GetKpiDashboard"] = [Auditor, Manager, Admin], // the dashboard's figures, compliance among them

        // H2: the repair department assesses technicians; a technician reads their own assessment only.
        ["GetTechnicianAssessment"] = [Manager, Auditor, Admin, Technician],
        ["GetTechnicianRanking"] = [Manager, Auditor, Admin],
    };

    /// <summary>Routes that are not the platform's API: health and the API description are public; the Orleans
    /// Dashboard is for administrators, in every mode (the embedded one too: dev tokens can be had there by anyone).</summary>
    public static IReadOnlyList<(string Prefix, string[] Roles)> Infrastructure { get; } =
    [
        ("/health/", Anonymous),
        ("/auth/", Anonymous), // signing in and out of the pages' cookie session
        ("/openapi/", Anonymous),
        ("/scalar/", Anonymous),
        ("/dashboard", [Admin]),

        // The live boards (SignalR): dispatch for dispatchers, offers for technicians, escalations for the team.
        ("/hubs/dispatch", [Dispatcher, Storekeeper, Manager, Admin]),
        ("/hubs/customer-service", [Agent]), // a region's orders for the triage queue (P1), without the dispatch tools
        ("/hubs/technician", [Technician]),
        ("/hubs/emergency", [Emergency, Manager, Admin]),
        ("/hubs/my-orders", [Customer]), // a customer's own orders as they change (the customer page)
        ("/hubs/support", [Support, Manager]), // TS1: the support inbox as requests are asked and answered
        ("/hubs/inspection", [Inspector, Manager, Auditor, Admin]), // Q3/Q4: the inspection queue, as ListInspectionQueue
    ];

    /// <summary>Wires every endpoint of the group from the table, after all its other conventions (names included).</summary>
    public static TBuilder WithAccessPolicy<TBuilder>(this TBuilder group) where TBuilder : IEndpointConventionBuilder
    {
        group.Finally(Apply);
        return group;
    }

    /// <summary>Wires an API endpoint from the table; an endpoint without an entry is a programming error.</summary>
    private static void Apply(EndpointBuilder endpoint)
    {
        var name = endpoint.Metadata.OfType<IEndpointNameMetadata>().LastOrDefault()?.EndpointName
            ?? throw new InvalidOperationException($"Endpoint '{endpoint.DisplayName}' has no name, so it has no access policy.");
        if (!Endpoints.TryGetValue(name, out var roles))
        {
            throw new InvalidOperationException($"Endpoint '{name}' has no entry in {nameof(AccessPolicy)}.{nameof(Endpoints)}.");
        }

        endpoint.Metadata.Add(RequirementFor(roles));
    }

    public static object RequirementFor(string[] roles) =>
        roles.Length == 0 ? new AllowAnonymousAttribute() : new AuthorizeAttribute { Roles = string.Join(',', roles) };

    /// <summary>The roles the table allows for a route, or null when the route is not covered.</summary>
    public static string[]? RolesFor(string? endpointName, string path)
    {
        if (endpointName is not null && Endpoints.TryGetValue(endpointName, out var roles))
        {
            return roles;
        }

        return Infrastructure.FirstOrDefault(i => path.StartsWith(i.Prefix, StringComparison.Ordinal)).Roles;
    }
}
