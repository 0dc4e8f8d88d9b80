using System.Collections.Concurrent;
using System.Reflection;
using Orleans.Concurrency;

namespace FieldService.Silo.Hosting;

/// <summary>
/// Issue 17.4: a silo that is asked to stop hands its grains over, but a call already on its way to one of them when
/// the silo writes itself dead is failed by the caller with <see cref="SiloUnavailableException"/> — whether or not
/// it ran — and would reach a client as a 503 although the grain answers from another silo a moment later. A read
/// (<see cref="ReadOnlyAttribute"/> on the grain interface's method) changes nothing, so it is sent once more: the
/// cluster then activates the grain on a silo that stays. So is a command marked <see cref="RepeatableAttribute"/>
/// (running it twice leaves what running it once does: a technician taking an order it already holds). Any other
/// command is not repeated — it may have run — and keeps its 503 with Retry-After (clients retry steps with their
/// <c>Idempotency-Key</c>).
/// </summary>
internal sealed class ReadRetryFilter : IOutgoingGrainCallFilter
{
    /// <summary>Every outgoing grain call passes here: the attributes are looked up once per method, not per call.</summary>
    private static readonly ConcurrentDictionary<MethodInfo, bool> Reads = new();

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        if (!IsRead(context.InterfaceMethod))
        {
            await context.Invoke();
            return;
        }

        try
        {
            await context.Invoke();
            if (context.Response?.Exception is not SiloUnavailableException)
            {
                return;
            }
        }
        catch (SiloUnavailableException)
        {
            // Sent again below.
        }

        await context.Invoke();
    }

    private static bool IsRead(MethodInfo? method) =>
        method is not null && Reads.GetOrAdd(method, static m => m.GetCustomAttribute<ReadOnlyAttribute>() is not null || m.GetCustomAttribute<RepeatableAttribute>() is not null);
}
