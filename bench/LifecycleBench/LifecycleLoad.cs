using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using FieldService.Testing;

namespace FieldService.Bench;

/// <summary>
/// The people of issue 17 point 5, over HTTP: customers report, agents triage, automatic dispatch places, technicians
/// accept, travel, diagnose, reserve and issue parts from their van, complete against the standard's checklist,
/// inspectors inspect what was sampled, customers sign, technicians clean up, agents call back and close. Orders arrive
/// at a fixed rate (open loop: a slow answer does not slow the arrivals); each order's steps follow one another at once.
/// </summary>
public sealed class LifecycleLoad(LifecycleCluster cluster, int technicians, int capacity, int regions)
{
    private const string Sku = "FAN-1";
    private const int Customers = 200;
    private static readonly TimeSpan DispatchWait = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(100);

    private readonly Dictionary<string, string> technicianTokens = [];
    private readonly string[] customerTokens = new string[Customers];
    private string staff = "";
    private string checklist = "";

    public ConcurrentDictionary<string, ConcurrentBag<double>> Latencies { get; } = new();

    /// <summary>Answers that were not a success, by step and status (0 = no answer).</summary>
    public ConcurrentDictionary<(string Step, int Status), int> Errors { get; } = new();

    public int Started;
    public int Closed;
    public int Inspected;
    public int Failed;

    /// <summary>Registers the technicians over the regions, stocks each van with the part, and signs everyone in.</summary>
    public async Task PrepareAsync()
    {
        staff = await cluster.DevTokenAsync(new { userId = "bench-staff", roles = new[] { "agent", "dispatcher", "manager", "inspector", "storekeeper", "admin" } });
        for (var c = 0; c < Customers; c++)
        {
            customerTokens[c] = await cluster.DevTokenAsync(new { userId = $"user-c{c:D3}", roles = new[] { "customer" }, customerId = $"c{c:D3}" });
        }

        await Must(HttpMethod.Put, "/api/suppliers/acme", new { name = "Acme Parts", qualified = true });
        await Must(HttpMethod.Put, $"/api/parts/{Sku}", new { name = "Fan motor", unit = "pc", unitCost = 42.5, categories = new[] { "hvac" }, critical = false, partClass = "B" });
        for (var t = 0; t < technicians; t++)
        {
            var id = $"lt-{t:D4}";
            technicianTokens[id] = await cluster.DevTokenAsync(new { userId = "user-" + id, roles = new[] { "technician" }, technicianId = id });
            await Must(HttpMethod.Put, $"/api/technicians/{id}", new
            {
                name = "Technician " + id,
                region = Region(t),
                skills = new[] { new { name = "hvac", level = 4 } },
                home = new { lat = 31.30 + (t % 10) * 0.01, lon = 121.50 },
                capacity,
            });
            await Must(HttpMethod.Post, $"/api/bins/van-{id}/{Sku}/receive", new { quantity = 100_000, supplierId = "acme", certificate = "COC-" + id, inspectionPassed = true });
        }

        // Q1: the self-check answers every item of the general standard (the one a category without its own uses).
        var (_, standard) = await cluster.SendAsync(staff, HttpMethod.Get, "/api/standards/general");
        var items = standard?["items"]?.AsArray().Select(i => (string)i!["id"]!).ToArray() ?? [];
        if (items.Length == 0)
        {
            throw new InvalidOperationException("the general standard has no items: " + standard?.ToJsonString());
        }

        checklist = new JsonArray(items.Select(i => (JsonNode)new JsonObject { ["itemId"] = i, ["passed"] = true }).ToArray()).ToJsonString();
    }

    /// <summary>Starts one order every 1/<paramref name="rate"/> s for <paramref name="duration"/>, then waits for all of
    /// them to end (closed or failed) at most <paramref name="drain"/>.</summary>
    public async Task RunAsync(double rate, TimeSpan duration, TimeSpan drain)
    {
        var running = new List<Task>();
        var clock = Stopwatch.StartNew();
        for (var n = 0; clock.Elapsed < duration; n++)
        {
            var due = TimeSpan.FromSeconds(n / rate);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            running.Add(Task.Run(() => OneLifecycleAsync(n)));
        }

        await Task.WhenAny(Task.WhenAll(running), Task.Delay(drain));
    }

    private string Region(int technician) => $"r{technician % regions:D2}";

    private async Task OneLifecycleAsync(int n)
    {
        Interlocked.Increment(ref Started);
        try
        {
            if (await PlayAsync(n))
            {
                Interlocked.Increment(ref Closed);
            }
            else
            {
                Interlocked.Increment(ref Failed);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or NullReferenceException or FormatException)
        {
            Interlocked.Increment(ref Failed);
            Errors.AddOrUpdate(("unexpected answer", -1), 1, (_, v) => v + 1);
        }
    }

    /// <summary>One order from report to close; false when a step failed (its answer is counted in <see cref="Errors"/>).</summary>
    private async Task<bool> PlayAsync(int n)
    {
        var customer = customerTokens[n % Customers];
        var region = $"r{n % regions:D2}";
        var report = await StepAsync("report", customer, HttpMethod.Post, "/api/work-orders", new
        {
            customer = new { name = "Harbour Hotel", phone = "+86 21 5555 0101", address = "18 Riverside Road" },
            product = new { model = "AC-9000", serialNumber = $"SN-{n}", category = "hvac", critical = false },
            fault = new { description = "Blows warm air", channel = "web" },
            priority = "normal",
            region,
            requiredSkill = new { skill = "hvac", level = 3 },
        });
        if (report is null)
        {
            return false;
        }

        var id = (string)report["id"]!;
        var order = $"/api/work-orders/{id}";
        if (await StepAsync("triage", staff, HttpMethod.Post, $"{order}/triage", new { onSite = true, notes = "needs a visit" }) is null)
        {
            return false;
        }

        // P2: automatic dispatch places the order by itself; its latency is triage → seen dispatched (polled).
        var waited = Stopwatch.StartNew();
        string? technician = null;
        while (technician is null && waited.Elapsed < DispatchWait)
        {
            await Task.Delay(PollEvery);
            var (status, body) = await cluster.SendAsync(staff, HttpMethod.Get, order);
            if (status == HttpStatusCode.OK && (string?)body?["status"] == "dispatched")
            {
                technician = (string?)body["technicianId"];
            }
            else if (status != HttpStatusCode.OK)
            {
                Count("dispatch (poll)", (int)status);
            }
        }

        if (technician is null)
        {
            Count("dispatch", 408);
            return false;
        }

        Record("dispatch", waited.Elapsed);
        var tech = technicianTokens[technician];
        var eta = DateTimeOffset.UtcNow.AddHours(2).ToString("yyyy-MM-ddTHH:mm:ssZ");
        var bin = $"/api/bins/van-{technician}/{Sku}";
        var steps = new (string Step, string Token, string Path, object? Body)[]
        {
            ("accept", tech, $"{order}/accept", null),
            ("en-route", tech, $"{order}/en-route", new { eta }),
            ("arrive", tech, $"{order}/arrive", null),
            ("diagnosis", tech, $"{order}/diagnosis", new { cause = "fan motor", complex = false }),
            ("start-repair", tech, $"{order}/start-repair", null),
            ("reserve parts", tech, $"{bin}/reserve", new { workOrderId = id, quantity = 1 }),
            ("issue parts", tech, $"{bin}/issue", new { workOrderId = id, quantity = 1 }),
        };
        foreach (var (step, token, path, body) in steps)
        {
            if (await StepAsync(step, token, HttpMethod.Post, path, body) is null)
            {
                return false;
            }
        }

        var completed = await StepAsync("complete", tech, HttpMethod.Post, $"{order}/complete",
            JsonNode.Parse($"{{\"checklist\":{checklist},\"notes\":\"cooling restored\"}}"));
        if (completed is null)
        {
            return false;
        }

        if ((string?)completed["status"] == "awaiting-inspection")
        {
            Interlocked.Increment(ref Inspected);
            if (await StepAsync("inspection", staff, HttpMethod.Post, $"{order}/inspection",
                    JsonNode.Parse($"{{\"results\":{checklist},\"notes\":\"checked on site\"}}")) is null)
            {
                return false;
            }
        }

        return await StepAsync("acceptance", customer, HttpMethod.Post, $"{order}/acceptance", new { signedBy = "Ms Chen", signature = "data:image/png;base64,iVBORw0KGgo=" }) is not null
               && await StepAsync("cleanup", tech, HttpMethod.Post, $"{order}/cleanup", null) is not null
               && await StepAsync("callback", staff, HttpMethod.Post, $"{order}/callback", new { satisfaction = 5, comments = "quick and tidy" }) is { } closed
               && (string?)closed["status"] == "closed";
    }

    private async Task<JsonNode?> StepAsync(string step, string token, HttpMethod method, string path, object? body)
    {
        var clock = Stopwatch.StartNew();
        var (status, answer) = await cluster.SendAsync(token, method, path, body);
        if ((int)status is >= 200 and < 300)
        {
            Record(step, clock.Elapsed);
            return answer ?? new JsonObject();
        }

        Count(step, (int)status);
        return null;
    }

    private void Record(string step, TimeSpan took) => Latencies.GetOrAdd(step, _ => []).Add(took.TotalMilliseconds);

    private void Count(string step, int status) => Errors.AddOrUpdate((step, status), 1, (_, v) => v + 1);

    private async Task Must(HttpMethod method, string path, object body)
    {
        var (status, answer) = await cluster.SendAsync(staff, method, path, body);
        if ((int)status is < 200 or >= 300)
        {
            throw new InvalidOperationException($"{method} {path} answered {(int)status}: {answer?.ToJsonString()}");
        }
    }
}
