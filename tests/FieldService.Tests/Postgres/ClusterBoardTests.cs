using System.Collections.Concurrent;
using FieldService.Boards;
using FieldService.Tests.Infrastructure;
using FieldService.WebHost.Boards;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace FieldService.Tests.Postgres;

/// <summary>Board fan-out across a cluster: two web host processes, each co-hosting a silo of one durable cluster on
/// PostgreSQL. A board on each host sees the changes made through the other, wherever their grains live.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterBoardTests(PostgresServer server)
{
    [Fact]
    public async Task P2_a_board_on_either_web_host_sees_every_change_made_through_the_other()
    {
        var connectionString = await server.CreateDatabaseWithSchemaAsync();
        await using var hostA = await WebHostProcess.StartAsync(connectionString, WebHostProcess.Ports());
        await using var hostB = await WebHostProcess.StartAsync(connectionString, WebHostProcess.Ports());
        var apiA = await new Personas(() => new HttpClient { BaseAddress = hostA.BaseAddress }).OperatorAsync();
        var apiB = await new Personas(() => new HttpClient { BaseAddress = hostB.BaseAddress }).OperatorAsync();

        await using var boardA = await ConnectAsync(hostA, apiA);
        await using var boardB = await ConnectAsync(hostB, apiB);
        var seenA = new ConcurrentDictionary<string, bool>();
        var seenB = new ConcurrentDictionary<string, bool>();
        var allSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var expected = new ConcurrentDictionary<string, bool>();
        void Track(ConcurrentDictionary<string, bool> seen, BoardDelta delta)
        {
            if (delta.Change.Order is { } order)
            {
                seen[order.Id] = true;
            }

            if (!expected.IsEmpty && expected.Keys.All(seenA.ContainsKey) && expected.Keys.All(seenB.ContainsKey))
            {
                allSeen.TrySetResult();
            }
        }

        boardA.On<BoardDelta>("delta", d => Track(seenA, d));
        boardB.On<BoardDelta>("delta", d => Track(seenB, d));
        await boardA.InvokeAsync<BoardJoin>("JoinRegion", "cluster", null, null);
        await boardB.InvokeAsync<BoardJoin>("JoinRegion", "cluster", null, null);

        // Five orders through each host: their grains land on both silos, and each board must see all ten.
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await apiA.ReportAsync(Intakes.Body("cluster", agreedArrival: false)));
            ids.Add(await apiB.ReportAsync(Intakes.Body("cluster", agreedArrival: false)));
        }

        ids.ForEach(id => expected[id] = true);
        if (ids.All(seenA.ContainsKey) && ids.All(seenB.ContainsKey))
        {
            allSeen.TrySetResult();
        }

        var finished = await Task.WhenAny(allSeen.Task, Task.Delay(TimeSpan.FromSeconds(20)));
        Assert.True(finished == allSeen.Task,
            $"every board should see all 10 orders; host A's board missed [{string.Join(", ", ids.Except(seenA.Keys))}], " +
            $"host B's board missed [{string.Join(", ", ids.Except(seenB.Keys))}]");
    }

    private static async Task<HubConnection> ConnectAsync(WebHostProcess host, ApiClient caller)
    {
        var token = caller.Http.DefaultRequestHeaders.Authorization!.Parameter!;
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(host.BaseAddress, "/hubs/dispatch"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .AddJsonProtocol(o => FieldServiceJson.Configure(o.PayloadSerializerOptions))
            .Build();
        await connection.StartAsync();
        return connection;
    }
}
