using System.Collections.Concurrent;

namespace FieldService.Tests.Infrastructure;

/// <summary>Makes calls to one named grain fail with a given exception, as an unreachable silo or a database outage
/// would, while every other grain answers. Registered as an incoming grain call filter by the tests that need it;
/// it runs inside the platform's own filters, so what it throws takes the path a real failure takes.</summary>
public sealed class GrainCallFaults : IIncomingGrainCallFilter
{
    private readonly ConcurrentDictionary<string, Func<Exception>> failing = new(StringComparer.Ordinal);

    public void Fail(string grainKey, Func<Exception> exception) => failing[grainKey] = exception;

    public void Heal(string grainKey) => failing.TryRemove(grainKey, out _);

    public Task Invoke(IIncomingGrainCallContext context) =>
        context.TargetId.Key.ToString() is { } key && failing.TryGetValue(key, out var exception)
            ? Task.FromException(exception())
            : context.Invoke();
}
