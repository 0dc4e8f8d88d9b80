using System.Collections.Concurrent;

namespace FieldService.Tests.Infrastructure;

/// <summary>What a test server received, in order of arrival, with a signal to wait on (no polling): the SMTP sink's
/// messages, the SMS gateway's requests.</summary>
public sealed class Arrivals<T>(Func<T, string> describe)
{
    private readonly ConcurrentQueue<T> items = new();
    private readonly List<(Func<IReadOnlyCollection<T>, bool> Done, TaskCompletionSource Signal)> waiters = [];

    public IReadOnlyCollection<T> All => items.ToArray();

    public void Add(T item)
    {
        items.Enqueue(item);
        lock (waiters)
        {
            foreach (var waiter in waiters.Where(w => w.Done(All)).ToList())
            {
                waiters.Remove(waiter);
                waiter.Signal.TrySetResult();
            }
        }
    }

    /// <summary>Waits until what arrived satisfies <paramref name="done"/>; fails saying <paramref name="what"/> was
    /// expected and listing what came.</summary>
    public async Task WaitAsync(Func<IReadOnlyCollection<T>, bool> done, string what, string where, TimeSpan? timeout = null)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (waiters)
        {
            if (done(All))
            {
                return;
            }

            waiters.Add((done, signal));
        }

        if (await Task.WhenAny(signal.Task, Task.Delay(timeout ?? TimeSpan.FromSeconds(20))) != signal.Task)
        {
            Assert.Fail($"Expected {what}; {where} received {items.Count}: {string.Join(" | ", All.Select(describe))}");
        }
    }
}
