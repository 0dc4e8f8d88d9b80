using System.Text.Json.Nodes;

namespace FieldService.Tests.Infrastructure;

/// <summary>Orders taken along the repair process over REST, each step by its role, for tests about what follows.</summary>
public static class Walks
{
    /// <summary>P3–P6 by the assigned technician: a dispatched order accepted, travelled to, diagnosed and in repair.</summary>
    public static async Task ToRepairAsync(ApiClient technician, string id, string cause = "worn part")
    {
        foreach (var (command, body) in new (string, object?)[] { ("accept", null), ("en-route", new { }), ("arrive", null),
                     ("diagnosis", new { cause, complex = false }), ("start-repair", null) })
        {
            await technician.PostAsync($"/api/work-orders/{id}/{command}", body);
        }
    }

    /// <summary>P1–P6: <paramref name="body"/> reported and triaged by <paramref name="staff"/> (agent and dispatcher),
    /// dispatched to <paramref name="technicianId"/>, who takes it to in-repair. Returns the order's id and the technician.</summary>
    public static async Task<(string Id, ApiClient Technician)> InRepairAsync(Personas personas, ApiClient staff, string technicianId, JsonObject body)
    {
        var id = await staff.ReportAsync(body);
        await staff.PostAsync($"/api/work-orders/{id}/triage", new { onSite = true });
        await staff.PostAsync($"/api/work-orders/{id}/dispatch", new { technicianId });
        var technician = await personas.TechnicianAsync(technicianId);
        await ToRepairAsync(technician, id);
        return (id, technician);
    }

    /// <summary>Q3: passes the inspection every completion waits for (sampling is pinned to <c>Always</c> in
    /// <see cref="AppFactory"/>), so the order goes on to the customer.</summary>
    public static async Task HandOverAsync(Personas personas, ApiClient reader, string id)
    {
        Assert.Equal("awaiting-inspection", (string?)(await reader.GetAsync($"/api/work-orders/{id}"))["status"]);
        var passed = await (await personas.AsAsync("inspector-1", Roles.Inspector)).PostAsync($"/api/work-orders/{id}/inspection", Checks.PassBody());
        Assert.Equal("completed", (string?)passed["status"]);
    }
}
