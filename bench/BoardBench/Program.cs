using FieldService.Bench;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FieldService;
using FieldService.Boards;
using FieldService.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

// Board fan-out benchmark (issue 6): N dispatch-board clients (the real SignalR client, WebSockets) follow one
// region of a web host running as its own process (embedded mode); a technician of that region reports its
// position E times at R per second, and every report reaches every board as a delta. Prints the latency from the
// change in the grain (the delta's timestamp) to its arrival at each client, p50/p99/max, how many deliveries
// arrived, and the web host's memory.
//
//   dotnet run -c Release --project bench/BoardBench -- [--clients 1000] [--events 200] [--rate 20]
var clients = Arg("--clients", 1000);
var events = Arg("--events", 200);
var rate = Arg("--rate", 20);
var ports = (Http: FreePorts.Next(), Silo: FreePorts.Next(), Gateway: FreePorts.Next());
var baseAddress = new Uri($"http://127.0.0.1:{ports.Http}/");

var start = new ProcessStartInfo("dotnet")
{
    ArgumentList = { Path.Combine(AppContext.BaseDirectory, "FieldService.WebHost.dll"), "--urls", baseAddress.ToString().TrimEnd('/') },
    WorkingDirectory = AppContext.BaseDirectory,
    RedirectStandardOutput = true,
    RedirectStandardError = true,
    Environment =
    {
        ["Orleans__SiloPort"] = ports.Silo.ToString(CultureInfo.InvariantCulture),
        ["Orleans__GatewayPort"] = ports.Gateway.ToString(CultureInfo.InvariantCulture),
        ["Orleans__Dashboard"] = "false",
        ["Demo__Seed"] = "false",
        ["Demo__Simulate"] = "false",
        ["Auth__SigningKey"] = "board-bench-signing-key-0123456789abcdef",
        ["Logging__LogLevel__Default"] = "Warning",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Auth__DevTokens"] = "true",
    },
};
using var host = Process.Start(start)!;
host.OutputDataReceived += (_, _) => { };
host.ErrorDataReceived += (_, _) => { };
host.BeginOutputReadLine();
host.BeginErrorReadLine();
try
{
    using var http = new HttpClient { BaseAddress = baseAddress };
    for (var waited = Stopwatch.StartNew(); ; await Task.Delay(250))
    {
        try
        {
            if ((await http.GetAsync("health/ready")).IsSuccessStatusCode)
            {
                break;
            }
        }
        catch (HttpRequestException) when (waited.Elapsed < TimeSpan.FromSeconds(90))
        {
        }
    }

    var dispatcher = await TokenAsync(http, new { userId = "bench-dispatcher", roles = new[] { "dispatcher" } });
    var manager = await TokenAsync(http, new { userId = "bench-manager", roles = new[] { "manager" } });
    var technician = await TokenAsync(http, new { userId = "bench-tech", roles = new[] { "technician" }, technicianId = "t-bench" });
    await SendAsync(http, HttpMethod.Put, "api/technicians/t-bench", manager, new
    {
        name = "Bench", region = "bench", skills = new[] { new { name = "hvac", level = 3 } }, home = new { lat = 31.2, lon = 121.5 }, capacity = 1,
    });

    var latencies = new ConcurrentBag<double>();
    var received = 0L;
    var measuringFrom = DateTimeOffset.MaxValue; // deltas of the warm-up reports (before this) are not counted
    var connections = new List<HubConnection>(clients);
    var connecting = Stopwatch.StartNew();
    for (var i = 0; i < clients; i++)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, "hubs/dispatch"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(dispatcher))
            .AddJsonProtocol(o => FieldServiceJson.Configure(o.PayloadSerializerOptions))
            .Build();
        connection.On<BoardDelta>("delta", delta =>
        {
            if (delta.Change.Technician is not null && delta.Change.At >= measuringFrom)
            {
                latencies.Add((DateTimeOffset.UtcNow - delta.Change.At).TotalMilliseconds);
                Interlocked.Increment(ref received);
            }
        });
        await connection.StartAsync();
        await connection.InvokeAsync<JsonObject>("JoinRegion", "bench", null, null);
        connections.Add(connection);
    }

    Console.WriteLine($"board fan-out benchmark: {clients} dispatch boards on one region (WebSockets, connected in {connecting.Elapsed.TotalSeconds:F1} s), " +
                      $"{events} position reports at {rate}/s, each pushed to every board");
    // Warm-up: the first reports pay for JIT compilation on both sides; they are sent and delivered, not measured.
    for (var w = 0; w < 20; w++)
    {
        await SendAsync(http, HttpMethod.Post, "api/technicians/t-bench/location", technician, new { lat = 31.1, lon = 121.5 + (w * 0.0001) });
    }

    await Task.Delay(2000);
    measuringFrom = DateTimeOffset.UtcNow;
    using (var pace = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / rate)))
    {
        for (var e = 0; e < events; e++)
        {
            await pace.WaitForNextTickAsync();
            _ = SendAsync(http, HttpMethod.Post, "api/technicians/t-bench/location", technician, new { lat = 31.2 + (e * 0.0001), lon = 121.5 });
        }
    }

    var expected = (long)clients * events;
    for (var waited = Stopwatch.StartNew(); Interlocked.Read(ref received) < expected && waited.Elapsed < TimeSpan.FromSeconds(60);)
    {
        await Task.Delay(200);
    }

    var sorted = latencies.Order().ToArray();
    host.Refresh();
    Console.WriteLine($"delivered: {Interlocked.Read(ref received)} of {expected} deltas");
    if (sorted.Length > 0)
    {
        Console.WriteLine($"event -> board latency: p50 {Percentile(sorted, 0.50):F1} ms, p99 {Percentile(sorted, 0.99):F1} ms, max {sorted[^1]:F1} ms");
    }

    Console.WriteLine($"web host memory: working set {host.WorkingSet64 / 1048576} MiB, peak {host.PeakWorkingSet64 / 1048576} MiB");
    await Task.WhenAll(connections.Select(c => c.DisposeAsync().AsTask()));
    return Interlocked.Read(ref received) == expected ? 0 : 1;
}
finally
{
    host.Kill(entireProcessTree: true);
}

static double Percentile(double[] sorted, double p) => BenchSupport.Percentile(sorted, p);

static async Task<string> TokenAsync(HttpClient http, object body)
{
    var response = await http.PostAsJsonAsync("api/dev/tokens", body);
    response.EnsureSuccessStatusCode();
    return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["token"]!;
}

static async Task SendAsync(HttpClient http, HttpMethod method, string path, string token, object body)
{
    using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
    request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
    using var response = await http.SendAsync(request);
    response.EnsureSuccessStatusCode();
}

int Arg(string name, int fallback) => BenchSupport.Arg(args, name, fallback);
