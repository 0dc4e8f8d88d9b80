using System.Net;
using FieldService.Boards;
using FieldService.Tests.Infrastructure;
using FieldService.WorkOrders;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace FieldService.Tests.Http;

/// <summary>The live boards over SignalR, with the real client: snapshot then numbered deltas, catching up after a
/// reconnect without a gap, offers pushed to the technician and accepted from the hub, escalations pushed to the
/// emergency console and acknowledged from it, hubs closed to the wrong roles.</summary>
public class BoardHubTests : HostedTests
{
    private ApiClient dispatcher = null!;
    private ApiClient agent = null!;

    protected override async Task StartAsync()
    {
        dispatcher = await Factory.Personas.AsAsync("dispatcher-1", Roles.Dispatcher + "+" + Roles.Manager);
        agent = await Factory.Personas.AgentAsync();
    }

    [Fact]
    public async Task P2_a_dispatcher_board_gets_a_snapshot_then_each_change_as_the_next_numbered_delta()
    {
        await dispatcher.PutAsync("/api/technicians/t-board", Intakes.Technician("board"), HttpStatusCode.Created);
        var known = await agent.ReportAsync(Intakes.Body("board"));
        await using var board = await BoardClient.ConnectAsync(Factory, "/hubs/dispatch", dispatcher);

        var joined = await board.InvokeJoinAsync("JoinRegion", "board", null, null);
        Assert.Equal(["t-board"], joined.Snapshot!.Technicians.Select(t => t.Id));
        Assert.Equal([known], joined.Snapshot.Orders.Select(o => o.Id));

        var id = await agent.ReportAsync(Intakes.Body("board"));
        var reported = await board.NextAsync(d => d.Change.Order?.Id == id, $"the new order {id} on the board");
        await agent.PostAsync($"/api/work-orders/{id}/triage", new { onSite = true });
        var triaged = await board.NextAsync(d => d.Change.Order is { Status: WorkOrderStatus.Triaged } o && o.Id == id, $"order {id} triaged");

        Assert.Equal(joined.Epoch, reported.Epoch);
        Assert.Equal(joined.Sequence + 1, reported.Sequence);
        Assert.Equal(reported.Sequence + 1, triaged.Sequence);
        Assert.Equal(("P2", false), (triaged.Change.Order!.Clocks.Single().Clause, triaged.Change.Order.Clocks.Single().BreachedAt is not null));
    }

    [Fact]
    public async Task S1_a_board_that_reconnects_gets_exactly_the_deltas_it_missed_or_a_snapshot_when_they_are_gone()
    {
        await using (var first = await BoardClient.ConnectAsync(Factory, "/hubs/dispatch", dispatcher))
        {
            var joined = await first.InvokeJoinAsync("JoinRegion", "gap", null, null);
            var id = await agent.ReportAsync(Intakes.Body("gap"));
            var seen = await first.NextAsync(d => d.Change.Order?.Id == id, "the first order");
            await first.Connection.StopAsync();

            var missedIds = new[] { await agent.ReportAsync(Intakes.Body("gap")), await agent.ReportAsync(Intakes.Body("gap")) };
            await using var again = await BoardClient.ConnectAsync(Factory, "/hubs/dispatch", dispatcher);
            var caughtUp = await again.InvokeJoinAsync("JoinRegion", "gap", seen.Epoch, seen.Sequence);

            Assert.Null(caughtUp.Snapshot);
            Assert.Equal([seen.Sequence + 1, seen.Sequence + 2], caughtUp.Missed!.Select(d => d.Sequence));
            Assert.Equal(missedIds, caughtUp.Missed!.Select(d => d.Change.Order!.Id));
            Assert.Equal(seen.Sequence + 2, caughtUp.Sequence);
            Assert.Equal(joined.Epoch, caughtUp.Epoch);

            var stale = await again.InvokeJoinAsync("JoinRegion", "gap", "another-epoch", 1L);
            Assert.Null(stale.Missed);
            Assert.Equal(3, stale.Snapshot!.Orders.Count);
        }
    }

    [Fact]
    public async Task P3_the_technician_gets_the_offer_pushed_accepts_it_from_the_hub_and_the_dispatch_board_shows_it()
    {
        await dispatcher.PutAsync("/api/technicians/t-push", Intakes.Technician("push"), HttpStatusCode.Created);
        var id = await agent.ReportAsync(Intakes.Body("push"));
        await agent.PostAsync($"/api/work-orders/{id}/triage", new { onSite = true });
        await using var board = await BoardClient.ConnectAsync(Factory, "/hubs/dispatch", dispatcher);
        await board.InvokeJoinAsync("JoinRegion", "push", null, null);
        await using var phone = await BoardClient.ConnectAsync(Factory, "/hubs/technician", await Factory.Personas.TechnicianAsync("t-push"));
        var mine = await phone.InvokeJoinAsync("Join", null, null);
        Assert.Empty(mine.Snapshot!.Orders);

        await dispatcher.PostAsync($"/api/work-orders/{id}/dispatch", new { technicianId = "t-push" });
        var offer = await phone.NextAsync(d => d.Change.Order is { Status: WorkOrderStatus.Dispatched } o && o.Id == id, "the offer on the technician's phone");
        var countdown = offer.Change.Order!.Clocks.Single(c => c.Clause == "P3");
        Assert.Equal(TimeSpan.FromMinutes(15), countdown.DueAt - countdown.StartedAt);

        var accepted = await phone.Connection.InvokeAsync<OrderCard>("Accept", id);
        Assert.Equal(WorkOrderStatus.Accepted, accepted.Status);
        await board.NextAsync(d => d.Change.Order is { Status: WorkOrderStatus.Accepted } o && o.Id == id, "the acceptance on the dispatch board");

        var refused = await Assert.ThrowsAsync<HubException>(() => phone.Connection.InvokeAsync<OrderCard>("Accept", id));
        Assert.Contains("Conflict", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task E1_an_emergency_escalation_appears_on_the_console_and_is_acknowledged_from_it()
    {
        var emergency = await Factory.Personas.AsAsync("em-1", Roles.Emergency);
        await using var console = await BoardClient.ConnectAsync(Factory, "/hubs/emergency", emergency);
        await console.InvokeJoinAsync("Join", null, null);
        var body = Intakes.Body("storm");
        body["priority"] = "emergency";
        var id = await agent.ReportAsync(body);

        await Factory.AdvanceAsync(TimeSpan.FromMinutes(11));
        await Factory.Audit.WaitForAsync(e => e.SubjectType == "escalation" && e.Action == "raise" && e.WorkOrderId == id, $"the E2 escalation of {id}");
        var raised = await console.NextAsync(d => d.Change.Escalation?.WorkOrderId == id, $"the E2 escalation of {id} on the console", TimeSpan.FromSeconds(20));
        var acknowledged = await console.Connection.InvokeAsync<FieldService.Escalations.Escalation>("Acknowledge", raised.Change.Escalation!.Id);

        Assert.Equal("em-1", acknowledged.AcknowledgedBy);
        await console.NextAsync(d => d.Change.Escalation is { AcknowledgedAt: not null } e && e.WorkOrderId == id, "the acknowledgement on the console");
    }

    [Fact]
    public async Task TS1_a_support_request_reaches_the_support_inbox_live_and_so_does_its_answer()
    {
        var support = await Factory.Personas.AsAsync("support-1", Roles.Support);
        var staff = await Factory.Personas.OperatorAsync();
        await staff.PutAsync("/api/technicians/t-ask", Intakes.Technician(capacity: 10), HttpStatusCode.Created);
        var (id, technician) = await Walks.InRepairAsync(Factory.Personas, staff, "t-ask", Intakes.Body());
        await using var inbox = await BoardClient.ConnectAsync(Factory, "/hubs/support", support);
        var joined = await inbox.InvokeJoinAsync("Join", null, null);

        await technician.PostAsync($"/api/work-orders/{id}/support-requests", new { question = "Inverter shows E7 after the board swap" });
        var asked = await inbox.NextAsync(d => d.Change.Support is { IsOpen: true } c && c.WorkOrderId == id, $"the support request of {id} in the inbox");
        // Less than the 5 minutes a board grain with subscribers is kept from collection: the reactivation runs of this
        // class collect every idle grain before each call, and a collected board forgets the relay until it renews.
        await Factory.AdvanceAsync(TimeSpan.FromMinutes(4));
        await support.PostAsync($"/api/work-orders/{id}/support-answer", new { number = 1, answer = "Re-seat the DC link cable" });
        var answered = await inbox.NextAsync(d => d.Change.Support is { IsOpen: false } c && c.WorkOrderId == id, $"the answer to {id}'s request in the inbox");
        var rejoined = await inbox.InvokeJoinAsync("Join", null, null);

        Assert.Empty(joined.Snapshot!.SupportRequests!);
        Assert.Equal(("Inverter shows E7 after the board swap", "t-ask", 1), (asked.Change.Support!.Question, asked.Change.Support.TechnicianId, asked.Change.Support.Number));
        Assert.Equal(("Re-seat the DC link cable", "support-1", TimeSpan.FromMinutes(4)),
            (answered.Change.Support!.Answer, answered.Change.Support.AnsweredBy, answered.Change.Support.TimeTaken));
        Assert.Equal([(id, false)], rejoined.Snapshot!.SupportRequests!.Select(c => (c.WorkOrderId, c.IsOpen)));
        var refused = await Assert.ThrowsAnyAsync<HttpRequestException>(() => BoardClient.ConnectAsync(Factory, "/hubs/support", technician));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task S1_hubs_refuse_callers_without_the_role_and_anonymous_ones()
    {
        var technician = await Factory.Personas.TechnicianAsync("t-1");
        var refused = await Assert.ThrowsAnyAsync<HttpRequestException>(() => BoardClient.ConnectAsync(Factory, "/hubs/dispatch", technician));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        await using var board = await BoardClient.ConnectAsync(Factory, "/hubs/dispatch", dispatcher);
        var invalid = await Assert.ThrowsAsync<HubException>(() => board.InvokeJoinAsync("JoinRegion", "not a region", null, null));
        Assert.Contains("region", invalid.Message, StringComparison.Ordinal);

        // A manager may watch the board, but assigning is the dispatcher's step, as over REST.
        await using var watcher = await BoardClient.ConnectAsync(Factory, "/hubs/dispatch", await Factory.Personas.AsAsync("manager-1", Roles.Manager));
        var assign = await Assert.ThrowsAsync<HubException>(() => watcher.Connection.InvokeAsync<OrderCard>("Assign", "wo-1", "t-1", null));
        Assert.Contains("Forbidden", assign.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task M1_a_bin_s_movements_and_its_low_stock_alert_reach_the_stores_feed_live()
    {
        var store = await Factory.Personas.AsAsync("store-1", Roles.Storekeeper);
        await using var feed = await BoardClient.ConnectAsync(Factory, "/hubs/dispatch", store);
        await feed.InvokeJoinAsync("JoinEscalations", "stores", null, null);
        await store.PutAsync("/api/suppliers/acme", new { name = "Acme Parts", qualified = true });
        await store.PutAsync("/api/parts/FILTER-9", new { name = "Filter", unit = "pc", unitCost = 3, categories = new[] { "hvac" }, critical = false, partClass = "C" });
        await store.PostAsync("/api/bins/wh-east/FILTER-9/receive", new { quantity = 5, supplierId = "acme", certificate = "C", inspectionPassed = true });
        // Every movement is pushed with the bin as it now stands (the stores workspace redraws its row from it).
        var received = await feed.NextAsync(d => d.Change.Bin is { Location: "wh-east", Sku: "FILTER-9" }, "the received FILTER-9 bin on the stores feed");
        Assert.Equal(("bin", 5, 5), (received.Change.Kind, received.Change.Bin!.OnHand, received.Change.Bin.Available));

        await store.PostAsync("/api/bins/wh-east/FILTER-9/levels", new { min = 5, max = 20 });

        var alert = await feed.NextAsync(d => d.Change.Escalation?.WorkOrderId == "wh-east|FILTER-9", "the low-stock alert of FILTER-9 on the stores feed");
        Assert.Equal(("stores", "M1"), (alert.Change.Escalation!.Team, alert.Change.Escalation.Clause));
    }
}
