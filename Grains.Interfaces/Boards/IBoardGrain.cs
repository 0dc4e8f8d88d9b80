using Orleans.Concurrency;

namespace FieldService.Boards;

/// <summary>
/// One live stream (keyed by <see cref="BoardStreams"/>): numbers what grains publish, keeps the latest deltas for
/// clients that reconnect, and pushes each delta to the observers the web hosts registered. Publishing is one way:
/// no grain ever waits for a board.
/// </summary>
[Alias("fs.IBoardGrain")]
public interface IBoardGrain : IGrainWithStringKey
{
    [OneWay]
    Task PublishAsync(BoardChange change);

    Task<BoardPosition> PositionAsync();

    /// <summary>The deltas after <paramref name="sequence"/> of <paramref name="epoch"/>, or null when they are no
    /// longer kept (or the epoch is another): the client then takes a fresh snapshot.</summary>
    Task<IReadOnlyList<BoardDelta>?> SinceAsync(string epoch, long sequence);

    /// <summary>Registers (or renews) an observer; registrations lapse unless renewed within a few minutes.</summary>
    Task SubscribeAsync(IBoardObserver observer);

    Task UnsubscribeAsync(IBoardObserver observer);
}

/// <summary>Implemented by each web host, which relays the deltas to its SignalR clients.</summary>
[Alias("fs.IBoardObserver")]
public interface IBoardObserver : IGrainObserver
{
    [OneWay]
    Task OnDeltaAsync(BoardDelta delta);
}
