using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Readings = System.Collections.Generic.Dictionary<string, (System.Net.HttpStatusCode Status, string Body)>;

namespace FieldService.Tests.Infrastructure;

/// <summary>
/// Issue 12.1 as a <see cref="AppFactory.BetweenSteps"/> hook: before every call of a walk it reads back everything
/// the walk has touched so far, has Orleans deactivate every idle grain of the host's cluster
/// (<see cref="IManagementGrain.ForceActivationCollection(TimeSpan)"/>), reads it all again, and asserts that every
/// resource came back from storage exactly as it was. The host must be a cluster of its own: collection acts on all
/// of it.
/// </summary>
public sealed class DeactivateBetweenSteps
{
    /// <summary>Every staff role that reads without being scoped to its own orders.</summary>
    private const string ReaderRoles = Personas.Operator + "+" + Roles.Storekeeper + "+" + Roles.Inspector + "+" + Roles.Support + "+" + Roles.Emergency;

    /// <summary>The last path segments that name an action, not a resource: never read back.</summary>
    private static readonly HashSet<string> NotReadable = ["dev", "tokens"];

    /// <summary>Views held only in memory and rebuilt after activation, asynchronously: the dispatcher's region queue
    /// is refilled by the orders it nudges when it activates, so a read right after its reactivation can come before
    /// them. Compared by status only until the dispatcher rebuilds before it answers (reported on issue 12).</summary>
    private static readonly string[] RebuiltAfterActivation = ["/api/dispatch/queues/"];

    private readonly AppFactory host;
    private readonly SortedSet<string> watched = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim oneAtATime = new(1, 1);
    private ApiClient? reader;

    private DeactivateBetweenSteps(AppFactory host) => this.host = host;

    /// <summary>Installs the hook on <paramref name="host"/> and returns it.</summary>
    public static AppFactory On(AppFactory host)
    {
        host.BetweenSteps = new DeactivateBetweenSteps(host).RunAsync;
        return host;
    }

    private async Task RunAsync(string path)
    {
        await oneAtATime.WaitAsync();
        try
        {
            // The reader runs no hook of its own, so reading back is not itself a step.
            reader ??= await new Personas(host.CreateClient).AsAsync("reactivation-reader", ReaderRoles);
            Watch(path);
            var management = host.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
            for (var attempt = 1; ; attempt++)
            {
                // A clock that fell due with the last jump of the fake clock may fire while this runs. What it changes
                // is no loss across reactivation, so the comparison counts only when nothing was recorded meanwhile.
                var recorded = host.Audit.Count;
                var (before, after) = await ReadCollectReadAsync(management, path);
                if (host.Audit.Count != recorded && attempt < 5)
                {
                    continue;
                }

                foreach (var (resource, was) in before)
                {
                    var now = after[resource];
                    Assert.True(was == now, $"before {path}: GET {resource} changed across deactivation and reactivation:\n" +
                        $"before {(int)was.Status}: {was.Body}\nafter  {(int)now.Status}: {now.Body}");
                }

                break;
            }
        }
        finally
        {
            oneAtATime.Release();
        }
    }

    private async Task<(Readings Before, Readings After)> ReadCollectReadAsync(IManagementGrain management, string path)
    {
        var before = await ReadAllAsync();
        var activeBefore = await management.GetTotalActivationCount();
        await management.ForceActivationCollection(TimeSpan.Zero);
        var activeAfter = await management.GetTotalActivationCount();
        if (before.Values.Any(r => r.Status == HttpStatusCode.OK))
        {
            // The reads above activated the grains behind them: a collection that deactivated nothing proves nothing.
            Assert.True(activeAfter < activeBefore, $"before {path}: forced collection deactivated nothing ({activeBefore} activations before, {activeAfter} after)");
        }

        return (before, await ReadAllAsync());
    }

    /// <summary>A call's path, and every resource it lies under (<c>/api/work-orders/{id}</c> under
    /// <c>/api/work-orders/{id}/triage</c>), are read back from then on; a work order's history with it.</summary>
    private void Watch(string path)
    {
        var query = path.IndexOf('?', StringComparison.Ordinal);
        var segments = (query < 0 ? path : path[..query]).Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 2 || segments[0] != "api" || segments.Any(NotReadable.Contains))
        {
            return;
        }

        watched.Add(path);
        for (var length = 2; length <= segments.Length; length++)
        {
            watched.Add("/" + string.Join('/', segments[..length]));
        }

        if (segments is [_, "work-orders", var id, ..])
        {
            watched.Add($"/api/work-orders/{id}/history");
        }
    }

    private async Task<Readings> ReadAllAsync()
    {
        var read = new Readings(StringComparer.Ordinal);
        foreach (var resource in watched)
        {
            using var response = await reader!.Http.GetAsync(resource);
            var status = response.StatusCode;
            Assert.True((int)status < 500, $"GET {resource} answered {(int)status}: {await response.Content.ReadAsStringAsync()}");
            // Only what the reader may read is compared; a refusal or an action path is compared by status alone.
            var compared = status == HttpStatusCode.OK && !RebuiltAfterActivation.Any(p => resource.StartsWith(p, StringComparison.Ordinal));
            read[resource] = (status, compared ? await response.Content.ReadAsStringAsync() : string.Empty);
        }

        return read;
    }
}
