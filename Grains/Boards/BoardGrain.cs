using FieldService.Boards;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace FieldService.Grains.Boards;

/// <summary>
/// One live stream. Numbers each change in publishing order, keeps the latest <see cref="Kept"/> for catching up,
/// and pushes it to every web host's observer. Nothing is persisted: a new activation starts a new epoch, and a
/// client holding numbers of an older epoch takes a fresh snapshot — it may miss nothing, so it never guesses.
/// </summary>
public sealed class BoardGrain(ILogger<BoardGrain> logger) : Grain, IBoardGrain
{
    /// <summary>Deltas kept for clients that reconnect; one that missed more takes a snapshot.</summary>
    public const int Kept = 1000;

    /// <summary>Web hosts renew their registration every minute; one silent for this long is dropped.</summary>
    private static readonly TimeSpan ObserverExpiry = TimeSpan.FromMinutes(5);

    private readonly string epoch = Guid.NewGuid().ToString("N");
    private readonly Queue<BoardDelta> recent = new();
    private readonly ObserverManager<IBoardObserver> observers = new(ObserverExpiry, logger);
    private long sequence;

    private string Stream => this.GetPrimaryKeyString();

    public Task PublishAsync(BoardChange change)
    {
        var delta = new BoardDelta(Stream, epoch, ++sequence, change);
        recent.Enqueue(delta);
        if (recent.Count > Kept)
        {
            recent.Dequeue();
        }

        return observers.Count == 0 ? Task.CompletedTask : observers.Notify(o => o.OnDeltaAsync(delta));
    }

    public Task<BoardPosition> PositionAsync() => Task.FromResult(new BoardPosition(epoch, sequence));

    public Task<IReadOnlyList<BoardDelta>?> SinceAsync(string clientEpoch, long after)
    {
        var oldestKept = recent.Count == 0 ? sequence + 1 : recent.Peek().Sequence;
        var answer = clientEpoch != epoch || after > sequence || after + 1 < oldestKept
            ? null
            : (IReadOnlyList<BoardDelta>)recent.Where(d => d.Sequence > after).ToList();
        return Task.FromResult(answer);
    }

    public Task SubscribeAsync(IBoardObserver observer)
    {
        // Subscribers live only in this activation: while web hosts renew (every minute), it must not be collected,
        // or their boards would hear nothing until the next renewal.
        this.DelayDeactivation(ObserverExpiry);
        observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task UnsubscribeAsync(IBoardObserver observer)
    {
        observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }
}
