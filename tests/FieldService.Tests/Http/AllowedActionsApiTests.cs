using System.Net;
using System.Text.Json.Nodes;
using FieldService.Grains.WorkOrders;
using FieldService.Tests.Infrastructure;
using FieldService.WebHost.Apis;
using FieldService.WebHost.Security;
using FieldService.WorkOrders;

namespace FieldService.Tests.Http;

/// <summary>Issue 13.4 over HTTP: every order a caller reads says which commands they may give next.</summary>
public sealed class AllowedActionsApiTests : IAsyncLifetime
{
    private readonly AppFactory factory = new();
    private ApiClient operatorApi = null!;

    public async Task InitializeAsync() => operatorApi = await factory.Personas.OperatorAsync();

    public async Task DisposeAsync() => await factory.DisposeAsync();

    private static string[] Allowed(JsonObject order) =>
        ((JsonArray?)order["allowedActions"] ?? throw new Xunit.Sdk.XunitException($"no allowedActions in {order}"))
        .Select(a => (string)a!).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task Actions_an_agent_may_triage_a_reported_order_and_the_set_changes_after_triage()
    {
        var agent = await factory.Personas.AgentAsync();
        var id = await agent.ReportAsync();

        var reported = Allowed(await agent.GetAsync($"/api/work-orders/{id}"));
        var triaged = Allowed(await agent.PostAsync($"/api/work-orders/{id}/triage", new { onSite = true }));

        Assert.Equal(["cancel", "triage"], reported);
        Assert.DoesNotContain("triage", triaged);
        Assert.Equal(triaged, Allowed(await agent.GetAsync($"/api/work-orders/{id}")));
        var dispatcher = Allowed(await (await factory.Personas.DispatcherAsync()).GetAsync($"/api/work-orders/{id}"));
        Assert.Contains("dispatch", dispatcher);
        Assert.DoesNotContain("pull-back", dispatcher);
    }

    [Fact]
    public async Task Actions_a_technician_sees_accept_and_decline_on_their_offer_but_not_triage()
    {
        await operatorApi.PutAsync("/api/technicians/t-1", Intakes.Technician(), HttpStatusCode.Created);
        var id = await operatorApi.ReportAsync();
        await operatorApi.PostAsync($"/api/work-orders/{id}/triage", new { onSite = true });
        await operatorApi.PostAsync($"/api/work-orders/{id}/dispatch", new { technicianId = "t-1" });
        var technician = await factory.Personas.TechnicianAsync("t-1");

        var offered = Allowed(await technician.GetAsync($"/api/work-orders/{id}"));
        var accepted = Allowed(await technician.PostAsync($"/api/work-orders/{id}/accept", null));

        Assert.Contains("accept", offered);
        Assert.Contains("decline", offered);
        Assert.DoesNotContain("triage", offered);
        Assert.DoesNotContain("en-route", offered);
        Assert.Contains("en-route", accepted);
        Assert.DoesNotContain("accept", accepted);
        Assert.DoesNotContain("triage", accepted);
    }

    [Fact]
    public async Task Actions_a_new_report_carries_what_its_reporter_may_do()
    {
        var customer = await factory.Personas.CustomerAsync("c-alice");

        var order = await customer.PostAsync("/api/work-orders", Intakes.Body(), HttpStatusCode.Created);

        // A customer may neither triage nor cancel: those are customer service's.
        Assert.Empty(Allowed(order));
    }

    [Fact]
    public void Actions_every_lifecycle_action_a_caller_can_take_has_a_route_in_the_access_policy()
    {
        var systemOnly = new[] { typeof(WithdrawOffer), typeof(RecordPartsReserved), typeof(RecordPartsUsed), typeof(ReserveArrivedParts), typeof(AddCustomerMessage),
            typeof(RecordComplaintFeedback) };
        var routeless = typeof(WorkOrderCommand).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(WorkOrderCommand)) && !t.IsAbstract && !systemOnly.Contains(t))
            .Select(t => WorkOrderView.RouteOf(WorkOrderLifecycle.ActionOf(t)))
            .Where(route => !AccessPolicy.Endpoints.ContainsKey(WorkOrdersApi.CommandEndpointPrefix + route));
        Assert.Empty(routeless);
    }
}
