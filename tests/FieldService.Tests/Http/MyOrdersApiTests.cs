using System.Net;
using System.Text.Json.Nodes;
using FieldService.Boards;
using FieldService.Tests.Infrastructure;

namespace FieldService.Tests.Http;

/// <summary>Issue 14.6: what the customer page reads — the customer's own orders with the technician's name and only
/// the notices addressed to them (<c>/api/me/orders</c>), and their stream (<c>/hubs/my-orders</c>) that says when one
/// of them changed. Another customer's order is a 404 there, as everywhere.</summary>
public class MyOrdersApiTests : HostedTests
{
    private static async Task<JsonArray> ListAsync(ApiClient client, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.Http.GetAsync("/api/me/orders");
        Assert.True(expected == response.StatusCode, $"GET /api/me/orders: expected {expected}, got {response.StatusCode}");
        return JsonNode.Parse(await response.Content.ReadAsStringAsync()) as JsonArray ?? [];
    }

    /// <summary>Reported by the customer, offered to a technician who lets the offer run out (P3: notices to the
    /// technician and to dispatch), offered again, accepted, on the way, delayed (P4: a notice to the customer).</summary>
    private async Task<(string Id, ApiClient Dispatcher)> DelayedAsync(ApiClient customer, string technicianId)
    {
        var manager = await Factory.Personas.AsAsync("manager-1", Roles.Manager);
        await manager.PutAsync($"/api/technicians/{technicianId}", Intakes.Technician("my-orders"), HttpStatusCode.Created);
        var id = await customer.ReportAsync(Intakes.Body("my-orders", agreedArrival: false));
        await (await Factory.Personas.AgentAsync()).PostAsync($"/api/work-orders/{id}/triage", new { onSite = true });
        var dispatcher = await Factory.Personas.DispatcherAsync();
        await dispatcher.PostAsync($"/api/work-orders/{id}/dispatch", new { technicianId });
        await Factory.AdvanceAsync(TimeSpan.FromMinutes(16));
        // The breach is decided before any step is judged, so the next dispatch finds the offer withdrawn.
        await dispatcher.PostAsync($"/api/work-orders/{id}/dispatch", new { technicianId, reason = "asked again by phone" });
        var technician = await Factory.Personas.TechnicianAsync(technicianId);
        var now = Factory.Time.GetUtcNow();
        await technician.PostAsync($"/api/work-orders/{id}/accept", null);
        await technician.PostAsync($"/api/work-orders/{id}/en-route", new { eta = now.AddMinutes(30) });
        await technician.PostAsync($"/api/work-orders/{id}/delay", new { newEta = now.AddMinutes(50), reason = "traffic on the ring road" });
        return (id, dispatcher);
    }

    [Fact]
    public async Task P14_6_a_customer_reads_their_order_with_the_technician_s_name_the_delay_and_only_their_own_notices()
    {
        var customer = await Factory.Personas.CustomerAsync("c-my-1");
        var (id, dispatcher) = await DelayedAsync(customer, "t-my-1");

        var mine = await customer.GetAsync($"/api/me/orders/{id}");
        var order = mine["order"]!;
        Assert.Equal("Li Wei", (string?)mine["technicianName"]);
        Assert.Equal(("en-route", "traffic on the ring road"), ((string?)order["status"], (string?)order["delays"]!.AsArray().Single()!["reason"]));
        Assert.Equal(["report", "dispatch", "dispatch", "delay"], order["notifications"]!.AsArray().Select(n => (string?)n!["kind"]));
        Assert.All(order["notifications"]!.AsArray(), n => Assert.Equal("customer", (string?)n!["to"]));
        // What the customer may do now is theirs to take: nothing, while the technician is on the way.
        Assert.Empty(order["allowedActions"]!.AsArray());
        // The same filter on the order's own read; staff still see the platform's notices to the technician and dispatch.
        var asRead = await customer.GetAsync($"/api/work-orders/{id}");
        Assert.All(asRead["notifications"]!.AsArray(), n => Assert.Equal("customer", (string?)n!["to"]));
        var all = (await dispatcher.GetAsync($"/api/work-orders/{id}"))["notifications"]!.AsArray().Select(n => (string?)n!["to"]).ToList();
        Assert.Contains("technician", all);
        Assert.Contains("dispatch", all);

        var listed = await ListAsync(customer);
        Assert.Equal([id], listed.Select(o => (string?)o!["order"]!["id"]));
        Assert.Equal("Li Wei", (string?)listed.Single()!["technicianName"]);
    }

    [Fact]
    public async Task P14_6_another_customer_gets_404_for_the_order_and_an_empty_list_and_other_roles_403()
    {
        var owner = await Factory.Personas.CustomerAsync("c-my-owner");
        var id = await owner.ReportAsync(Intakes.Body("my-orders", agreedArrival: false));
        var other = await Factory.Personas.CustomerAsync("c-my-other");

        var refused = await other.GetAsync($"/api/me/orders/{id}", HttpStatusCode.NotFound);
        Assert.Equal(404, (int?)refused["status"]);
        await other.GetAsync("/api/me/orders/no-such-order", HttpStatusCode.NotFound);
        await other.GetAsync("/api/me/orders/bad%20id", HttpStatusCode.NotFound);
        Assert.Empty(await ListAsync(other));
        // Staff have the full read (GET /api/work-orders/{id}); this one is the customer's view.
        await ListAsync(await Factory.Personas.AgentAsync(), HttpStatusCode.Forbidden);
        await ListAsync(await Factory.Personas.TechnicianAsync("t-my-x"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task P14_6_the_customer_stream_pushes_each_change_of_their_own_orders_and_nobody_else_s()
    {
        var owner = await Factory.Personas.CustomerAsync("c-my-live");
        var other = await Factory.Personas.CustomerAsync("c-my-live-other");
        var known = await owner.ReportAsync(Intakes.Body("my-orders", agreedArrival: false));
        await using var mine = await BoardClient.ConnectAsync(Factory, "/hubs/my-orders", owner);
        await using var theirs = await BoardClient.ConnectAsync(Factory, "/hubs/my-orders", other);

        var joined = await mine.InvokeJoinAsync("Join", null, null);
        var otherJoined = await theirs.InvokeJoinAsync("Join", null, null);
        Assert.Equal(BoardStreams.Customer("c-my-live"), joined.Stream);
        Assert.Equal([known], joined.Snapshot!.Orders.Select(o => o.Id));
        Assert.Empty(otherJoined.Snapshot!.Orders);

        await (await Factory.Personas.AgentAsync()).PostAsync($"/api/work-orders/{known}/triage", new { onSite = true });
        var triaged = await mine.NextAsync(d => d.Change.Order is { Status: WorkOrders.WorkOrderStatus.Triaged } o && o.Id == known, $"order {known} triaged");
        Assert.Equal(joined.Sequence + 1, triaged.Sequence);

        // The other customer's own report reaches them; nothing of the first customer's order ever did.
        var theirOrder = await other.ReportAsync(Intakes.Body("my-orders", agreedArrival: false));
        var first = await theirs.NextAsync(d => d.Change.Order?.Id is { } seen && (seen == theirOrder || seen == known), $"the other customer's order {theirOrder}");
        Assert.Equal(theirOrder, first.Change.Order!.Id);
        Assert.Equal((BoardStreams.Customer("c-my-live-other"), otherJoined.Sequence + 1), (first.Stream, first.Sequence));

        // The stream is the customer page's: staff and technicians follow orders on their own hubs.
        var agent = await Factory.Personas.AgentAsync();
        var refused = await Assert.ThrowsAnyAsync<HttpRequestException>(() => BoardClient.ConnectAsync(Factory, "/hubs/my-orders", agent));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }
}
