using Orleans.Concurrency;

namespace FieldService.Dispatching;

/// <summary>
/// A region's dispatcher (keyed by region): holds the orders waiting for a technician and assigns them, several at
/// once when they arrive together. Orders and technicians reach it one way only (they never wait for it), and it
/// calls them, so no call can come back round to a grain that is waiting.
/// </summary>
[Alias("fs.IDispatcherGrain")]
public interface IDispatcherGrain : IGrainWithStringKey
{
    /// <summary>An order needs a technician (again); replaces an earlier request of the same order.</summary>
    [OneWay]
    Task RequestAsync(DispatchRequest request);

    /// <summary>The order no longer waits (dispatched by hand, held, cancelled).</summary>
    [OneWay]
    Task WithdrawAsync(string workOrderId);

    /// <summary>A technician who may serve this region can take more work.</summary>
    [OneWay]
    Task CapacityFreedAsync(string technicianId);

    /// <summary>Runs one dispatch round over the waiting orders, or only the emergencies among them (sent by the grain
    /// to itself, so it comes after the requests already queued).</summary>
    [OneWay]
    Task RunRoundAsync(bool emergenciesOnly);

    /// <summary>The waiting orders, urgency first, then age, after weighing every request received so far.</summary>
    Task<IReadOnlyList<QueuedOrder>> GetQueueAsync();

    /// <summary>The latest verdict on a waiting order (after weighing every request received so far), or null
    /// when it is not waiting here.</summary>
    Task<DispatchDecision?> GetAttemptAsync(string workOrderId);

    /// <summary>The latest verdict on the order that sends this request, queued first if this dispatcher does not know
    /// it yet (it was just activated and the order's own request is still on its way): a waiting order always has
    /// a verdict to show, after a deactivation as before it.</summary>
    Task<DispatchDecision?> AttemptForAsync(DispatchRequest request);
}
