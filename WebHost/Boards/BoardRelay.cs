using System.Collections.Concurrent;
using FieldService.Boards;
using FieldService.Escalations;
using Microsoft.AspNetCore.SignalR;

namespace FieldService.WebHost.Boards;

/// <summary>
/// This web host's observer of the board grains: subscribes to each stream one of its clients follows, renews the
/// subscriptions every minute (an observer registration lapses), and relays every delta to the SignalR group of
/// its stream. A grain on any silo publishes to its board grain; the board pushes to every web host's relay.
/// </summary>
public sealed class BoardRelay(
    IGrainFactory grains,
    IHubContext<DispatchHub> dispatch,
    IHubContext<TechnicianHub> technician,
    IHubContext<EmergencyHub> emergency,
    IHubContext<CustomerServiceHub> customerService,
    IHubContext<CustomerHub> customer,
    IHubContext<SupportHub> support,
    IHubContext<InspectionHub> inspection,
    ILogger<BoardRelay> logger) : IBoardObserver, IHostedService, IAsyncDisposable
{
    private static readonly TimeSpan Renewal = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, bool> streams = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stopping = new();
    private IBoardObserver? reference;
    private Task? renewing;

    private IBoardObserver Reference => reference ??= grains.CreateObjectReference<IBoardObserver>(this);

    /// <summary>Subscribes to a stream unless already subscribed; returns when the board knows this host.</summary>
    public async Task FollowAsync(string stream)
    {
        if (streams.TryAdd(stream, true))
        {
            await grains.GetGrain<IBoardGrain>(stream).SubscribeAsync(Reference);
        }
    }

    public Task OnDeltaAsync(BoardDelta delta)
    {
        // Streams go to the hub whose clients follow them: the emergency team's to the console, technical support's
        // inbox to its page, the inspection queue to the inspectors' hub, every other team's (dispatch, dispatch-lead)
        // and the regions' to the dispatch board.
        var clients = delta.Stream switch
        {
            _ when delta.Stream.StartsWith("technician.", StringComparison.Ordinal) => technician.Clients,
            _ when delta.Stream.StartsWith(BoardStreams.CustomerPrefix, StringComparison.Ordinal) => customer.Clients,
            _ when delta.Stream == BoardStreams.Team(Teams.Emergency) => emergency.Clients,
            BoardStreams.Support => support.Clients,
            BoardStreams.Inspection => inspection.Clients,
            _ => dispatch.Clients,
        };
        var sent = clients.Group(delta.Stream).SendAsync("delta", delta);
        // A region's board is watched by customer service too (its own hub, the same stream).
        return delta.Stream.StartsWith(BoardStreams.Dispatch(""), StringComparison.Ordinal)
            ? Task.WhenAll(sent, customerService.Clients.Group(delta.Stream).SendAsync("delta", delta))
            : sent;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        renewing = RenewAsync(stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        if (renewing is not null)
        {
            await renewing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public ValueTask DisposeAsync()
    {
        stopping.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Real time, not the platform's clock: this is the liveness of a registration, not a business deadline.</summary>
    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Renewal, TimeProvider.System);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await timer.WaitForNextTickAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            foreach (var stream in streams.Keys)
            {
                try
                {
                    await grains.GetGrain<IBoardGrain>(stream).SubscribeAsync(Reference);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    logger.LogWarning(exception, "Could not renew the subscription to board {Stream}; trying again in a minute", stream);
                }
            }
        }
    }
}
