using System.Collections.Concurrent;
using FieldService.Grains.Common;

namespace FieldService.Tests.Infrastructure;

/// <summary>Fails a named step of a named operation once, where a test asks for it.</summary>
public sealed class ScriptedFaults : IFaultInjection
{
    private readonly ConcurrentDictionary<(string Step, string Subject), bool> planned = new();

    public void FailOnce(string step, string subject) => planned[(step, subject)] = true;

    public void Before(string step, string subject)
    {
        if (planned.TryRemove((step, subject), out _))
        {
            throw new InvalidOperationException($"Injected failure before {step} of {subject}.");
        }
    }
}
