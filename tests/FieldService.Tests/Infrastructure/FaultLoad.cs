using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using FieldService.Quality;

namespace FieldService.Testing;

/// <summary>
/// Issue 12 point 9a/9b: steady intake and triage at a fixed rate while technicians work what automatic dispatch
/// offers them — some orders cancelled, some accepted and worked to clean-up (releasing the technician), some declined,
/// some left to run out their P3 accept clock. Open loop: an intake is sent on time whether or not earlier ones answered,
/// as customers do not wait for each other.
/// </summary>
public sealed class FaultLoad(FaultCluster cluster, IReadOnlyList<string> regions)
{
    /// <summary>P7's self-check, every item of the built-in standard passed.</summary>
    public static readonly object CompleteBody = new
    {
        checklist = Standards.BuiltInGeneral.Items.Select(i => new { itemId = i.Id, passed = true }).ToArray(),
    };

    /// <summary>Q3's inspection, every item passed.</summary>
    public static readonly object InspectionBody = new
    {
        results = Standards.BuiltInGeneral.Items.Select(i => new { itemId = i.Id, passed = true }).ToArray(),
    };

    /// <summary>P7's customer signature.</summary>
    public static readonly object SignatureBody = new { signedBy = "Ms Chen", signature = "data:image/png;base64,iVBORw0KGgo=" };

    private readonly ConcurrentDictionary<string, byte> handled = new();
    private readonly SemaphoreSlim working = new(24);
    private int picks;

    /// <summary>Every order whose report answered 201: each must be readable afterwards.</summary>
    public ConcurrentDictionary<string, byte> Acknowledged { get; } = new();

    private readonly ConcurrentQueue<(int Count, TaskCompletionSource Done)> acknowledgedWaiters = new();

    /// <summary>Completes once <paramref name="count"/> reports have been acknowledged (a signal, not a poll).</summary>
    public Task AcknowledgedAsync(int count)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        acknowledgedWaiters.Enqueue((count, done));
        SignalAcknowledged();
        return done.Task;
    }

    private void SignalAcknowledged()
    {
        foreach (var (count, done) in acknowledgedWaiters)
        {
            if (Acknowledged.Count >= count)
            {
                done.TrySetResult();
            }
        }
    }

    public int Sent => sent;

    private int sent;

    /// <summary>Reports <paramref name="rate"/> orders a second for <paramref name="duration"/>, triaging each
    /// (every tenth cancelled while it waits), and works the offers until the intake ends and what is in flight has answered.</summary>
    public async Task RunAsync(double rate, TimeSpan duration)
    {
        using var stop = new CancellationTokenSource();
        var worker = WorkOffersAsync(stop.Token);
        var inFlight = new List<Task>();
        var start = cluster.Clock.Elapsed;
        var interval = TimeSpan.FromSeconds(1 / rate);
        using var pacing = new PeriodicTimer(interval);
        while (cluster.Clock.Elapsed - start < duration)
        {
            // Catch up after a late tick so the rate holds on average.
            var due = (int)((cluster.Clock.Elapsed - start) / interval) + 1;
            while (sent < due)
            {
                inFlight.Add(IntakeAsync(Interlocked.Increment(ref sent)));
            }

            await pacing.WaitForNextTickAsync();
        }

        await Task.WhenAll(inFlight);
        await stop.CancelAsync();
        await worker;
    }

    private async Task IntakeAsync(int n)
    {
        var region = regions[n % regions.Count];
        var (status, order) = await cluster.SendAsync(cluster.StaffToken, HttpMethod.Post, "/api/work-orders", Body(region, n), "report");
        if (status != HttpStatusCode.Created || (string?)order?["id"] is not { } id)
        {
            return;
        }

        Acknowledged[id] = 0;
        SignalAcknowledged();
        await cluster.SendAsync(cluster.StaffToken, HttpMethod.Post, $"/api/work-orders/{id}/triage", new { onSite = true }, "triage");
        if (n % 10 == 0)
        {
            await cluster.SendAsync(cluster.StaffToken, HttpMethod.Post, $"/api/work-orders/{id}/cancel", new { reason = "customer fixed it" }, "cancel");
        }
    }

    /// <summary>Twice a second: every offer not seen before gets its technician's answer.</summary>
    private async Task WorkOffersAsync(CancellationToken stop)
    {
        var tasks = new List<Task>();
        while (!stop.IsCancellationRequested)
        {
            var (status, page) = await cluster.SendAsync(cluster.StaffToken, HttpMethod.Get, "/api/work-orders?status=dispatched&pageSize=100", null, "list");
            if (status == HttpStatusCode.OK && page?["items"] is JsonArray items)
            {
                foreach (var item in items)
                {
                    if ((string?)item?["id"] is { } id && (string?)item["technicianId"] is { } technician &&
                        cluster.Technicians.ContainsKey(technician) && handled.TryAdd($"{id}|{technician}", 0))
                    {
                        tasks.Add(AnswerOfferAsync(id, technician));
                    }
                }
            }

            tasks.RemoveAll(t => t.IsCompleted);
            try
            {
                await Task.Delay(500, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await Task.WhenAll(tasks);
    }

    /// <summary>15 % cancelled, 45 % worked to clean-up, 10 % declined, 30 % left for the P3 clock to withdraw.</summary>
    private async Task AnswerOfferAsync(string id, string technicianId)
    {
        var pick = Interlocked.Increment(ref picks) % 20;
        if (pick >= 14)
        {
            return;
        }

        await working.WaitAsync();
        try
        {
            var token = cluster.TechnicianToken(technicianId);
            if (pick < 3)
            {
                await cluster.SendAsync(cluster.StaffToken, HttpMethod.Post, $"/api/work-orders/{id}/cancel", new { reason = "no longer needed" }, "cancel");
                return;
            }

            if (pick >= 12)
            {
                await cluster.SendAsync(token, HttpMethod.Post, $"/api/work-orders/{id}/decline", new { reason = "too far" }, "decline");
                return;
            }

            var steps = new (string Command, object? Body)[]
            {
                ("accept", null), ("en-route", new { }), ("arrive", null), ("diagnosis", new { cause = "worn part", complex = false }),
                ("start-repair", null), ("complete", CompleteBody),
            };
            foreach (var (command, body) in steps)
            {
                var (status, _) = await cluster.SendAsync(token, HttpMethod.Post, $"/api/work-orders/{id}/{command}", body, command);
                if (status != HttpStatusCode.OK)
                {
                    return;
                }
            }

            var (_, order) = await cluster.SendAsync(token, HttpMethod.Get, $"/api/work-orders/{id}", null, "read");
            if ((string?)order?["status"] == "awaiting-inspection" &&
                (await cluster.SendAsync(cluster.StaffToken, HttpMethod.Post, $"/api/work-orders/{id}/inspection", InspectionBody, "inspection")).Status != HttpStatusCode.OK)
            {
                return;
            }

            if ((await cluster.SendAsync(token, HttpMethod.Post, $"/api/work-orders/{id}/acceptance", SignatureBody, "acceptance")).Status == HttpStatusCode.OK)
            {
                await cluster.SendAsync(token, HttpMethod.Post, $"/api/work-orders/{id}/cleanup", null, "cleanup");
            }
        }
        finally
        {
            working.Release();
        }
    }

    /// <summary>A high-priority on-site fault in <paramref name="region"/>; <paramref name="customerId"/> selects a
    /// contract's deadlines when given.</summary>
    public static JsonObject Body(string region, int n, string? customerId = null) => new()
    {
        ["customer"] = new JsonObject
        {
            ["name"] = $"Customer {n}",
            ["phone"] = "+86 21 5555 0101",
            ["address"] = $"{n} Riverside Road",
            ["location"] = new JsonObject { ["lat"] = 31.29, ["lon"] = 121.52 },
        },
        ["product"] = new JsonObject { ["model"] = "AC-9000", ["serialNumber"] = $"SN-{n}", ["category"] = "hvac", ["critical"] = false },
        ["fault"] = new JsonObject { ["description"] = "Rooftop unit blows warm air", ["channel"] = "phone" },
        ["priority"] = "high",
        ["region"] = region,
        ["requiredSkill"] = new JsonObject { ["skill"] = "hvac", ["level"] = 3 },
        ["customerId"] = customerId,
    };
}
