using System.Threading.Channels;
using FieldService.Boards;
using FieldService.WebHost.Boards;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace FieldService.Tests.Infrastructure;

/// <summary>A live board as a client sees it: the real SignalR client on a hub of the test host, with every delta it
/// receives queued so that tests wait for the next one (with a timeout naming what was expected).</summary>
public sealed class BoardClient : IAsyncDisposable
{
    private readonly Channel<BoardDelta> deltas = Channel.CreateUnbounded<BoardDelta>();

    private BoardClient(HubConnection connection)
    {
        Connection = connection;
        Connection.On<BoardDelta>("delta", d => deltas.Writer.TryWrite(d));
    }

    public HubConnection Connection { get; }

    public static async Task<BoardClient> ConnectAsync(AppFactory factory, string hub, ApiClient caller)
    {
        var token = caller.Http.DefaultRequestHeaders.Authorization!.Parameter!;
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(factory.Server.BaseAddress, hub), o =>
            {
                // The test server has no sockets: long polling over its in-memory handler.
                o.HttpMessageHandlerFactory = _ => factory.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .AddJsonProtocol(o => FieldServiceJson.Configure(o.PayloadSerializerOptions))
            .Build();
        var client = new BoardClient(connection);
        await connection.StartAsync();
        return client;
    }

    /// <summary>The next delta that matches (earlier ones are passed over), or a failure naming what was awaited.</summary>
    public async Task<BoardDelta> NextAsync(Func<BoardDelta, bool> match, string what, TimeSpan? timeout = null)
    {
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        try
        {
            while (true)
            {
                var delta = await deltas.Reader.ReadAsync(limit.Token);
                if (match(delta))
                {
                    return delta;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Waited {timeout ?? TimeSpan.FromSeconds(10)} for {what}; it did not arrive on the board.");
        }
    }

    /// <summary>Every delta received so far and not yet read.</summary>
    public List<BoardDelta> Drain()
    {
        var all = new List<BoardDelta>();
        while (deltas.Reader.TryRead(out var delta))
        {
            all.Add(delta);
        }

        return all;
    }

    public Task<BoardJoin> InvokeJoinAsync(string method, params object?[] args) => Connection.InvokeCoreAsync<BoardJoin>(method, args);

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
