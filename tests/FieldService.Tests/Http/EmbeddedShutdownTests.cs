using FieldService.Grains.Common;
using FieldService.Grains.WorkOrders;
using FieldService.Silo.Hosting;
using FieldService.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Storage;

namespace FieldService.Tests.Http;

/// <summary>
/// The embedded mode stops cleanly while a grain is still at work. Its storage and reminders used to live in Orleans'
/// storage and reminder grains, which the stopping silo deactivates with every other grain: a work order finishing a
/// delivery then wrote into a grain that could no longer be placed, and the host's stop was cancelled after 30 s
/// (the flaky disposal of the notification tests). They are now tables in the process (<see cref="InProcessGrainStorage"/>,
/// <see cref="InProcessReminderTable"/>).
/// </summary>
public sealed class EmbeddedShutdownTests
{
    private static readonly TimeSpan Expected = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Faults_an_embedded_host_stopping_while_an_order_sends_its_receipt_stops_cleanly_and_keeps_the_order_s_last_write()
    {
        await using var sink = new SmtpSink();
        var taken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        sink.Holds = async _ =>
        {
            taken.TrySetResult();
            await release.Task;
        };
        await sink.StartAsync();
        var factory = new AppFactory(settings: new Dictionary<string, string>
        {
            ["Notifications:Smtp:Host"] = "127.0.0.1",
            ["Notifications:Smtp:Port"] = sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Notifications:Smtp:Tls"] = "None",
            ["Notifications:Smtp:From"] = "service@fieldservice.example",
        });
        var agent = await factory.Personas.AgentAsync();
        var body = Intakes.Body("shutdown", agreedArrival: false);
        body["customer"]!["email"] = "stop@harbour.example";
        var id = await agent.ReportAsync(body);
        await WithinAsync(taken.Task, $"the receipt of {id} reaching the SMTP server");

        // The send is held in the order's turn; it goes on once the host has begun to stop, so the order's last
        // write and reminder come while the silo deactivates its grains.
        var storage = factory.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Records);
        factory.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => release.TrySetResult());
        await factory.DisposeAsync();

        var state = new GrainState<WorkOrderState>();
        await storage.ReadStateAsync("workOrder", GrainId.Create("workorder", id), state);
        Assert.True(state.RecordExists, $"order {id} is in the embedded storage");
        var receipt = Assert.Single(state.State!.Order!.Notifications);
        Assert.Equal("sent", receipt.Delivery?.Status);
        Assert.Single(sink.Received, m => m.To.Mailboxes.Any(a => a.Address == "stop@harbour.example"));
    }

    [Fact]
    public async Task Faults_the_embedded_storage_refuses_a_write_from_a_stale_etag_and_keeps_what_it_was_given()
    {
        var storage = new InProcessGrainStorage("records", new FieldService.Silo.Hosting.JsonGrainStorageSerializer());
        var grain = GrainId.Create("workorder", "stale");
        var first = new GrainState<WorkOrderState> { State = new WorkOrderState() };
        await storage.WriteStateAsync("workOrder", grain, first);
        var stale = new GrainState<WorkOrderState> { State = new WorkOrderState(), ETag = null };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("workOrder", grain, stale));

        first.State.Intake = null;
        var before = first.ETag;
        await storage.WriteStateAsync("workOrder", grain, first);
        Assert.NotEqual(before, first.ETag);
        var read = new GrainState<WorkOrderState>();
        await storage.ReadStateAsync("workOrder", grain, read);
        Assert.Equal((true, first.ETag), (read.RecordExists, read.ETag));
        Assert.NotSame(first.State, read.State);
    }

    [Fact]
    public async Task Faults_the_embedded_reminder_table_reads_ranges_with_wrap_around_and_removes_only_by_its_etag()
    {
        var table = new InProcessReminderTable();
        var grains = Enumerable.Range(0, 50).Select(i => GrainId.Create("workorder", $"r-{i}")).ToArray();
        foreach (var grain in grains)
        {
            await table.UpsertRow(new ReminderEntry { GrainId = grain, ReminderName = "clock", StartAt = DateTime.UtcNow, Period = TimeSpan.FromMinutes(1) });
        }

        var pivot = grains[0].GetUniformHashCode();
        // begin ≥ end wraps: (pivot, pivot] is the whole ring, and (0, pivot] and (pivot, 0] split it in two.
        Assert.Equal(50, (await table.ReadRows(pivot, pivot)).Reminders.Count);
        var low = (await table.ReadRows(0, pivot)).Reminders.Select(r => r.GrainId).ToHashSet();
        var high = (await table.ReadRows(pivot, 0)).Reminders.Select(r => r.GrainId).ToHashSet();
        Assert.Equal(grains.Count(g => g.GetUniformHashCode() <= pivot && g.GetUniformHashCode() > 0), low.Count);
        Assert.Equal(50, low.Count + high.Count);
        Assert.Contains(grains[0], low);
        Assert.Empty(low.Intersect(high));

        var row = (await table.ReadRow(grains[1], "clock"))!;
        Assert.False(await table.RemoveRow(grains[1], "clock", "not-its-etag"));
        Assert.True(await table.RemoveRow(grains[1], "clock", row.ETag!));
        Assert.Null(await table.ReadRow(grains[1], "clock"));
        Assert.Single((await table.ReadRows(grains[2])).Reminders);
    }

    private static async Task WithinAsync(Task task, string what)
    {
        try
        {
            await task.WaitAsync(Expected);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Waited {Expected} for {what}; it did not happen.");
        }
    }
}
