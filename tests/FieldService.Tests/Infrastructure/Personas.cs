using System.Net;
using System.Net.Http.Headers;

namespace FieldService.Tests.Infrastructure;

/// <summary>Signs callers in with dev tokens: one <see cref="ApiClient"/> per user and roles, each running
/// <paramref name="betweenSteps"/> (if any) before every call.</summary>
public sealed class Personas(Func<HttpClient> newClient, Func<string, Task>? betweenSteps = null)
{
    /// <summary>The signing key every test host is configured with (at least 32 bytes).</summary>
    public const string TestSigningKey = WebHostProcess.SigningKey;

    /// <summary>Every staff role at once: for tests about values and lifecycle rather than about access.</summary>
    public const string Operator = "agent+dispatcher+manager+auditor+admin";

    public ApiClient Anonymous() => new(newClient(), betweenSteps);

    /// <summary>A caller holding <paramref name="roles"/> ('+'-separated).</summary>
    public async Task<ApiClient> AsAsync(string userId, string roles, string? technicianId = null, string? customerId = null)
    {
        var body = new { userId, roles = roles.Split('+'), technicianId, customerId };
        // Signing in is no step of a walk.
        var issued = await new ApiClient(newClient()).PostAsync("/api/dev/tokens", body, HttpStatusCode.OK);
        var client = newClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)issued["token"]!);
        return new ApiClient(client, betweenSteps);
    }

    public Task<ApiClient> OperatorAsync() => AsAsync("operator-1", Operator);

    public Task<ApiClient> AgentAsync() => AsAsync("agent-1", Roles.Agent);

    public Task<ApiClient> DispatcherAsync() => AsAsync("dispatcher-1", Roles.Dispatcher);

    public Task<ApiClient> TechnicianAsync(string technicianId) => AsAsync("user-" + technicianId, Roles.Technician, technicianId: technicianId);

    public Task<ApiClient> CustomerAsync(string customerId) => AsAsync("user-" + customerId, Roles.Customer, customerId: customerId);
}
