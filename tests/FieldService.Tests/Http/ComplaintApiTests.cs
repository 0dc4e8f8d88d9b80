using System.Net;
using System.Text.Json.Nodes;
using FieldService.Tests.Infrastructure;

namespace FieldService.Tests.Http;

/// <summary>P9/CS4 over REST: complaints from opening to the result fed back, with their audit trail and access
/// rules; the agent's callback queue.</summary>
public class ComplaintApiTests : HostedTests
{
    private readonly HashSet<string> technicians = [];
    private ApiClient agent = null!;

    protected override async Task StartAsync() => agent = await Factory.Personas.AgentAsync();

    /// <summary>Takes a new order of <paramref name="customerId"/> to completed (P7) with <paramref name="technicianId"/>,
    /// each step by its role; returns the order's id.</summary>
    private async Task<string> CompletedOrderAsync(string technicianId, string customerId)
    {
        if (technicians.Add(technicianId))
        {
            var manager = await Factory.Personas.AsAsync("manager-1", Roles.Manager);
            await manager.PutAsync($"/api/technicians/{technicianId}", Intakes.Technician(capacity: 5), HttpStatusCode.Created);
        }

        var technician = await Factory.Personas.TechnicianAsync(technicianId);
        var id = await (await Factory.Personas.CustomerAsync(customerId)).ReportAsync();
        await agent.PostAsync($"/api/work-orders/{id}/triage", new { onSite = true });
        await (await Factory.Personas.DispatcherAsync()).PostAsync($"/api/work-orders/{id}/dispatch", new { technicianId });
        await Walks.ToRepairAsync(technician, id, "control board");
        await technician.PostAsync($"/api/work-orders/{id}/complete", Checks.CompleteBody("cooling restored"));
        await Walks.HandOverAsync(Factory.Personas, agent, id);

        return id;
    }

    private static object Opening(string workOrderId) => new { workOrderId, category = "conduct", customerWords = "The technician was rude to our staff." };

    [Fact]
    public async Task P9_a_complaint_travels_from_opened_to_fed_back_and_each_step_is_audited_with_order_and_technician()
    {
        var order = await CompletedOrderAsync("t-cmp", "c-cmp");
        var manager = await Factory.Personas.AsAsync("manager-1", Roles.Manager);

        var opened = await agent.PostAsync("/api/complaints", Opening(order), HttpStatusCode.Created);
        var id = (string)opened["id"]!;
        var investigated = await agent.PostAsync($"/api/complaints/{id}/investigation", new { findings = "The site manager confirms it." });
        var resolved = await manager.PostAsync($"/api/complaints/{id}/resolution", new { resolution = "Apology and a coaching session.", upheldAgainstTechnician = true });
        var fedBack = await agent.PostAsync($"/api/complaints/{id}/feedback", new { channel = "phone", customerResponse = "Satisfied with the apology." });

        Assert.Equal(("opened", order, "t-cmp"), ((string?)opened["status"], (string?)opened["workOrderId"], (string?)opened["technicianId"]));
        Assert.Equal(["investigated", "resolved", "fed-back"], new[] { investigated, resolved, fedBack }.Select(c => (string?)c["status"]));
        Assert.Equal((true, "phone"), ((bool?)fedBack["upheldAgainstTechnician"], (string?)fedBack["feedbackChannel"]));
        await Factory.Audit.WaitForAsync(e => e.SubjectId == id && e.Action == "complaint-fed-back", $"complaint {id} fed back in the audit trail");
        var entries = Factory.Audit.Where(e => e.SubjectId == id).OrderBy(e => e.Sequence).ToList();
        Assert.Equal(["complaint-opened", "complaint-investigated", "complaint-resolved", "complaint-fed-back"], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal(("complaint", order, "t-cmp"), (e.SubjectType, e.WorkOrderId, e.TechnicianId)));
        Assert.Equal(["agent-1", "agent-1", "manager-1", "agent-1"], entries.Select(e => e.Actor.Id));

        var listed = (JsonArray)(await manager.GetAsync($"/api/complaints?status=fed-back&technicianId=t-cmp"))["items"]!;
        Assert.Equal([id], listed.Select(c => (string?)c!["id"]));
        Assert.Equal(4, ((JsonArray)(await agent.GetAsync($"/api/complaints/{id}/history"))["items"]!).Count);
    }

    [Fact]
    public async Task P14_4_a_complaint_read_lists_the_steps_its_reader_may_take_next()
    {
        var order = await CompletedOrderAsync("t-next", "c-next");
        var manager = await Factory.Personas.AsAsync("manager-1", Roles.Manager);
        var id = (string)(await agent.PostAsync("/api/complaints", Opening(order), HttpStatusCode.Created))["id"]!;

        var steps = async (ApiClient reader) => ((JsonArray)(await reader.GetAsync($"/api/complaints/{id}"))["allowedActions"]!).Select(a => (string?)a).ToArray();
        Assert.Equal(["investigation"], await steps(agent));
        Assert.Empty(await steps(manager)); // a manager resolves, but does not investigate
        await agent.PostAsync($"/api/complaints/{id}/investigation", new { findings = "Confirmed by the site manager." });
        Assert.Equal(["resolution"], await steps(manager));
        Assert.Equal(["resolution"], await steps(agent));
        Assert.Empty(await steps(await Factory.Personas.CustomerAsync("c-next"))); // the customer reads, customer service handles
    }

    [Fact]
    public async Task P9_bad_input_is_422_unknown_ids_404_and_an_illegal_step_409_naming_the_state_and_nothing_changes()
    {
        var order = await CompletedOrderAsync("t-bad", "c-bad");
        var id = (string)(await agent.PostAsync("/api/complaints", Opening(order), HttpStatusCode.Created))["id"]!;

        var invalid = await agent.PostAsync("/api/complaints", new { workOrderId = "", category = "weather", customerWords = " " }, HttpStatusCode.UnprocessableEntity);
        await agent.PostAsync("/api/complaints", Opening("no-such-order"), HttpStatusCode.NotFound);
        await agent.PostAsync("/api/complaints", null, HttpStatusCode.BadRequest);
        await agent.GetAsync("/api/complaints/no-such-complaint", HttpStatusCode.NotFound);
        await agent.PostAsync("/api/complaints/no-such-complaint/investigation", new { findings = "x" }, HttpStatusCode.NotFound);
        await agent.PostAsync($"/api/complaints/{id}/investigation", new { findings = "" }, HttpStatusCode.UnprocessableEntity);
        await agent.PostAsync($"/api/complaints/{id}/resolution", new { resolution = "refund" }, HttpStatusCode.UnprocessableEntity);
        var conflict = await agent.PostAsync($"/api/complaints/{id}/feedback", new { channel = "phone", customerResponse = "ok" }, HttpStatusCode.Conflict);
        await agent.PostAsync($"/api/complaints/{id}/feedback", new { channel = "pigeon", customerResponse = "ok" }, HttpStatusCode.UnprocessableEntity);
        await agent.GetAsync("/api/complaints?status=lost&pageSize=0", HttpStatusCode.UnprocessableEntity);

        Assert.Equal(["category", "customerWords", "workOrderId"], invalid["errors"]!.AsObject().Select(e => e.Key).Order());
        Assert.Equal("opened", (string?)conflict["currentStatus"]);
        var after = await agent.GetAsync($"/api/complaints/{id}");
        Assert.Equal(("opened", 1), ((string?)after["status"], (int)after["version"]!));
    }

    [Fact]
    public async Task CS4_a_customer_opens_and_reads_complaints_on_their_own_orders_only()
    {
        var own = await CompletedOrderAsync("t-own", "c-own");
        var others = await CompletedOrderAsync("t-own", "c-else");
        var customer = await Factory.Personas.CustomerAsync("c-own");
        var stranger = await Factory.Personas.CustomerAsync("c-stranger");

        var mine = (string)(await customer.PostAsync("/api/complaints", Opening(own), HttpStatusCode.Created))["id"]!;
        var theirs = (string)(await agent.PostAsync("/api/complaints", Opening(others), HttpStatusCode.Created))["id"]!;

        await customer.PostAsync("/api/complaints", Opening(others), HttpStatusCode.NotFound);
        await customer.GetAsync($"/api/complaints/{theirs}", HttpStatusCode.NotFound);
        await stranger.GetAsync($"/api/complaints/{mine}", HttpStatusCode.NotFound);
        await customer.PostAsync($"/api/complaints/{mine}/investigation", new { findings = "x" }, HttpStatusCode.Forbidden);
        Assert.Equal("c-own", (string?)(await customer.GetAsync($"/api/complaints/{mine}"))["customerId"]);
        Assert.Equal([mine], ((JsonArray)(await customer.GetAsync("/api/complaints"))["items"]!).Select(c => (string?)c!["id"]));
        Assert.Empty((JsonArray)(await stranger.GetAsync("/api/complaints"))["items"]!);
    }

    [Fact]
    public async Task P9_the_callback_queue_is_ordered_by_due_time_and_an_order_called_back_leaves_it()
    {
        var first = await CompletedOrderAsync("t-queue", "c-q1");
        await Factory.AdvanceAsync(TimeSpan.FromHours(1));
        var second = await CompletedOrderAsync("t-queue", "c-q2");
        await Factory.AdvanceAsync(TimeSpan.FromHours(1));
        var third = await CompletedOrderAsync("t-queue", "c-q3");

        var queue = (JsonArray)(await agent.GetAsync("/api/callbacks?region=north"))["items"]!;
        Assert.Equal([first, second, third], queue.Select(c => (string?)c!["workOrderId"]));
        Assert.Equal("+86 21 5555 0101", (string?)queue[0]!["customerPhone"]);
        Assert.All(queue, c => Assert.False((bool)c!["overdue"]!));
        Assert.Empty((JsonArray)(await agent.GetAsync("/api/callbacks?region=south"))["items"]!);

        // The second order is signed, cleaned up and called back: it leaves the queue.
        var technician = await Factory.Personas.TechnicianAsync("t-queue");
        await (await Factory.Personas.CustomerAsync("c-q2")).PostAsync($"/api/work-orders/{second}/acceptance",
            new { signedBy = "Ms Chen", signature = "data:image/png;base64,iVBORw0KGgo=" });
        await technician.PostAsync($"/api/work-orders/{second}/cleanup", null);
        await agent.PostAsync($"/api/work-orders/{second}/callback", new { satisfaction = 4 });
        // 25 h after the first completion and 23 h after the third: only the first is overdue.
        await Factory.AdvanceAsync(TimeSpan.FromHours(23));
        agent = await Factory.Personas.AgentAsync(); // the morning's token has expired on the fake clock

        queue = (JsonArray)(await agent.GetAsync("/api/callbacks"))["items"]!;
        Assert.Equal([first, third], queue.Select(c => (string?)c!["workOrderId"]));
        Assert.Equal([true, false], queue.Select(c => (bool)c!["overdue"]!));
        await agent.GetAsync("/api/callbacks?region=no%20such", HttpStatusCode.UnprocessableEntity);
        Assert.Equal(5, ((JsonArray)(await agent.GetAsync("/api/callbacks/questions"))["items"]!).Count);
    }

    [Fact]
    public async Task P9_CS4_a_complaint_given_on_the_callback_opens_a_complaint_against_the_order_and_its_technician()
    {
        var id = await CompletedOrderAsync("t-survey", "c-survey");
        await (await Factory.Personas.CustomerAsync("c-survey")).PostAsync($"/api/work-orders/{id}/acceptance",
            new { signedBy = "Ms Chen", signature = "data:image/png;base64,iVBORw0KGgo=" });
        await (await Factory.Personas.TechnicianAsync("t-survey")).PostAsync($"/api/work-orders/{id}/cleanup", null);
        var survey = new { satisfaction = 2, complaint = "Mud on the carpet", answers = new Dictionary<string, string> { ["site-left-clean"] = "no", ["would-recommend"] = "2" } };

        var badAnswer = await agent.PostAsync($"/api/work-orders/{id}/callback",
            new { satisfaction = 2, answers = new Dictionary<string, string> { ["site-left-clean"] = "maybe", ["colour"] = "red" } }, HttpStatusCode.UnprocessableEntity);
        var closed = await agent.PostAsync($"/api/work-orders/{id}/callback", survey);
        await Factory.Audit.WaitForAsync(e => e.SubjectType == "complaint" && e.WorkOrderId == id, $"the complaint from the callback of {id}");
        var complaints = (JsonArray)(await agent.GetAsync($"/api/complaints?workOrderId={id}"))["items"]!;

        Assert.Equal(["answers.site-left-clean", "answers.colour"], badAnswer["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal("closed", (string?)closed["status"]);
        Assert.Equal([("site-left-clean", "no"), ("would-recommend", "2")],
            closed["callback"]!["answers"]!.AsArray().Select(a => ((string?)a!["questionId"], (string?)a["answer"])));
        var complaint = complaints.Single()!;
        Assert.Equal(("t-survey", "opened"), ((string?)complaint["technicianId"], (string?)complaint["status"]));
    }
}
