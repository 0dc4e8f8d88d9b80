using System.Net;
using System.Text.Json.Nodes;
using FieldService.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace FieldService.Tests.Http;

/// <summary>
/// Issue 14.5: a technician's phone replays the steps it queued while offline, each with the Idempotency-Key made when
/// the step was taken. A step sent again under its key is applied once and answered with the order as it is now; the
/// key cannot be reused for another step (422), and a malformed key is a 422 that changes nothing. The same tests run
/// with every grain deactivated before every call, from memory and from PostgreSQL (<c>Reactivation/</c>).
/// </summary>
public class IdempotencyApiTests : HostedTests
{
    private ApiClient reader = null!;

    protected override async Task StartAsync() => reader = await Factory.Personas.OperatorAsync();

    private static Dictionary<string, string> Key(string key) => new() { ["Idempotency-Key"] = key };

    /// <summary>An order dispatched to a technician of its own and accepted by them.</summary>
    private async Task<(string Id, ApiClient Technician)> AcceptedAsync()
    {
        var technicianId = "t-idem-" + Guid.NewGuid().ToString("N")[..8];
        await reader.PutAsync($"/api/technicians/{technicianId}", Intakes.Technician(), HttpStatusCode.Created);
        var id = await reader.ReportAsync(Intakes.Body(agreedArrival: false));
        await reader.PostAsync($"/api/work-orders/{id}/triage", new { onSite = true });
        await reader.PostAsync($"/api/work-orders/{id}/dispatch", new { technicianId });
        var technician = await Factory.Personas.TechnicianAsync(technicianId);
        await technician.PostAsync($"/api/work-orders/{id}/accept", null, headers: Key(Guid.NewGuid().ToString()));
        return (id, technician);
    }

    private async Task<List<string>> ActionsAsync(string id) =>
        ((JsonArray)(await reader.GetAsync($"/api/work-orders/{id}/history"))["items"]!).Select(e => (string)e!["action"]!).ToList();

    [Fact]
    public async Task Issue14_a_step_sent_again_with_its_idempotency_key_is_applied_once_and_answered_with_the_order_as_it_is()
    {
        var (id, technician) = await AcceptedAsync();
        var enRoute = Guid.NewGuid().ToString();

        var first = await technician.PostAsync($"/api/work-orders/{id}/en-route", new { }, headers: Key(enRoute));
        var again = await technician.PostAsync($"/api/work-orders/{id}/en-route", new { }, headers: Key(enRoute));
        await technician.PostAsync($"/api/work-orders/{id}/arrive", null, headers: Key(Guid.NewGuid().ToString()));
        // Replayed after the order moved on: en-route is no longer legal, yet the step was applied, so it is no 409.
        var late = await technician.PostAsync($"/api/work-orders/{id}/en-route", new { }, headers: Key(enRoute));

        Assert.Equal("en-route", (string?)first["status"]);
        Assert.Equal((long)first["version"]!, (long)again["version"]!);
        Assert.Equal("on-site", (string?)late["status"]);
        Assert.Single(await ActionsAsync(id), a => a == "en-route");
        // Without a key the same step is judged as always: illegal now.
        await technician.PostAsync($"/api/work-orders/{id}/en-route", new { }, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Issue14_a_step_replayed_after_the_order_was_deactivated_is_recognised_from_storage()
    {
        var (id, technician) = await AcceptedAsync();
        await technician.PostAsync($"/api/work-orders/{id}/en-route", new { });
        await technician.PostAsync($"/api/work-orders/{id}/arrive", null);
        await technician.PostAsync($"/api/work-orders/{id}/diagnosis", new { cause = "fan motor", complex = false });
        await technician.PostAsync($"/api/work-orders/{id}/start-repair", null);
        var note = Guid.NewGuid().ToString();
        var first = await technician.PostAsync($"/api/work-orders/{id}/progress", new { note = "motor replaced" }, headers: Key(note));

        // The answer was lost and the order went idle: the replay meets a fresh activation, read back from storage.
        await Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var replayed = await technician.PostAsync($"/api/work-orders/{id}/progress", new { note = "motor replaced" }, headers: Key(note));

        Assert.Equal((long)first["version"]!, (long)replayed["version"]!);
        Assert.Single((JsonArray)replayed["progress"]!);
        Assert.Single(await ActionsAsync(id), a => a == "progress");
    }

    [Fact]
    public async Task Issue14_an_idempotency_key_reused_for_another_step_is_422_and_changes_nothing()
    {
        var (id, technician) = await AcceptedAsync();
        var key = Guid.NewGuid().ToString();
        await technician.PostAsync($"/api/work-orders/{id}/en-route", new { }, headers: Key(key));
        var version = (long)(await reader.GetAsync($"/api/work-orders/{id}"))["version"]!;

        var otherStep = await technician.PostAsync($"/api/work-orders/{id}/arrive", null, HttpStatusCode.UnprocessableEntity, Key(key));
        var otherBody = await technician.PostAsync($"/api/work-orders/{id}/delay",
            new { newEta = DateTimeOffset.UtcNow.AddHours(2), reason = "traffic" }, HttpStatusCode.UnprocessableEntity, Key(key));

        Assert.True(otherStep["errors"]?["Idempotency-Key"] is not null, $"the 422 names the key: {otherStep}");
        Assert.True(otherBody["errors"]?["Idempotency-Key"] is not null, $"the 422 names the key: {otherBody}");
        Assert.Equal(version, (long)(await reader.GetAsync($"/api/work-orders/{id}"))["version"]!);
    }

    [Fact]
    public void Issue14_an_empty_or_overlong_key_is_refused_by_the_rule_the_endpoint_applies()
    {
        // The test server drops a header sent with an empty value before the endpoint sees it, so the empty key is
        // checked here, on the rule itself; over HTTP the blank and the too-long keys below go the whole way.
        Assert.NotNull(FieldService.WebHost.Apis.WorkOrdersApi.InvalidStepKey(""));
        Assert.NotNull(FieldService.WebHost.Apis.WorkOrdersApi.InvalidStepKey(null));
        Assert.NotNull(FieldService.WebHost.Apis.WorkOrdersApi.InvalidStepKey(new string('k', 101)));
        Assert.Null(FieldService.WebHost.Apis.WorkOrdersApi.InvalidStepKey(new string('k', 100)));
        Assert.Null(FieldService.WebHost.Apis.WorkOrdersApi.InvalidStepKey(Guid.NewGuid().ToString()));
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("key-with-a-ü")]
    [InlineData("101")]
    public async Task Issue14_an_invalid_idempotency_key_is_a_422_problem_that_changes_nothing(string key)
    {
        var (id, technician) = await AcceptedAsync();
        var version = (long)(await reader.GetAsync($"/api/work-orders/{id}"))["version"]!;
        var sent = key == "101" ? new string('k', 101) : key;

        var problem = await technician.PostAsync($"/api/work-orders/{id}/en-route", new { }, HttpStatusCode.UnprocessableEntity, Key(sent));

        Assert.True(problem["errors"]?["Idempotency-Key"] is not null, $"the 422 names the key: {problem}");
        Assert.Equal(version, (long)(await reader.GetAsync($"/api/work-orders/{id}"))["version"]!);
        Assert.Equal("accepted", (string?)(await reader.GetAsync($"/api/work-orders/{id}"))["status"]);
    }
}
