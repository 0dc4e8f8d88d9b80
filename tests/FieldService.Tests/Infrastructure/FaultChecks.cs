using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Npgsql;

namespace FieldService.Testing;

/// <summary>What issue 12 point 9 requires of a cluster after a fault under load (all should be 0 but the counts of
/// orders, clocks and answers).</summary>
public sealed record FaultFigures
{
    public int Acknowledged { get; init; }
    /// <summary>Orders that answered 201 and cannot be read afterwards.</summary>
    public int Lost { get; init; }
    /// <summary>Technicians who, replaying their audit trail, held more orders at once than their capacity.</summary>
    public int OverCapacity { get; init; }
    /// <summary>Technician places held by an order that is not open and assigned to that technician.</summary>
    public int LoadLeaks { get; init; }
    /// <summary>Audit subjects whose sequences are not 1..n without a gap.</summary>
    public int AuditGaps { get; init; }
    /// <summary>Orders whose state has changes the audit trail does not (yet) show.</summary>
    public int AuditBehind { get; init; }
    public int ClocksDue { get; init; }
    /// <summary>Clocks past due (by more than the grace) that were neither met, breached nor stopped.</summary>
    public int ClocksUnfired { get; init; }
    public int Http500DuringFault { get; init; }
    public int Http503DuringFault { get; init; }
    public int Http503WithoutRetryAfter { get; init; }
    public int NoAnswerDuringFault { get; init; }
    public int Http500Overall { get; init; }
    public int Requests { get; init; }
    /// <summary>From the first 503 to the end of the last (null: none).</summary>
    public TimeSpan? Window503 { get; init; }
    /// <summary>Triaged orders while a technician of their region who may take them has room.</summary>
    public int WaitingBesideFreeCapacity { get; init; }
    public int Waiting { get; init; }
    /// <summary>How long after the load the leaks and the waiting beside free capacity took to reach 0 (null: they did not).</summary>
    public TimeSpan? SettledAfter { get; init; }

    public IReadOnlyList<string> Examples { get; init; } = [];
}

/// <summary>The checks of issue 12 point 9, against the REST API (what a client sees) and the records in PostgreSQL.</summary>
public static class FaultChecks
{
    private static readonly HashSet<string> Holding =
        ["dispatched", "accepted", "en-route", "on-site", "diagnosed", "in-repair", "awaiting-parts", "awaiting-inspection", "completed", "customer-accepted"];

    /// <summary>Waits up to <paramref name="settle"/> for the leaks and the waiting beside free capacity to reach 0
    /// (asking again each second), then measures everything. Clocks count as due when their deadline passed more
    /// than <paramref name="clockGrace"/> before the check.</summary>
    public static async Task<FaultFigures> MeasureAsync(
        FaultCluster cluster, FaultLoad load, (TimeSpan From, TimeSpan To) fault, TimeSpan settle, TimeSpan clockGrace)
    {
        var settling = Stopwatch.StartNew();
        TimeSpan? settled = null;
        Capacity capacity;
        while (true)
        {
            capacity = await CapacityAsync(cluster);
            if (capacity.Leaks.Count == 0 && capacity.WaitingBeside.Count == 0)
            {
                settled = settling.Elapsed;
                break;
            }

            if (settling.Elapsed > settle)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        var checkedAt = DateTimeOffset.UtcNow;
        var orders = await ReadAllAsync(cluster, load.Acknowledged.Keys);
        var examples = new List<string>();
        var lost = orders.Where(o => o.Value is null).Select(o => o.Key).ToList();
        examples.AddRange(lost.Take(3).Select(id => $"lost: {id}"));

        var due = 0;
        var unfired = 0;
        foreach (var (id, order) in orders)
        {
            foreach (var clock in order?["clocks"] as JsonArray ?? [])
            {
                if (clock?["dueAt"]?.GetValue<DateTimeOffset>() is { } dueAt && dueAt < checkedAt - clockGrace)
                {
                    due++;
                    if (clock["metAt"] is null && clock["breachedAt"] is null && clock["stoppedAt"] is null)
                    {
                        unfired++;
                        if (unfired <= 3)
                        {
                            examples.Add($"unfired: {id} {clock["kind"]} due {dueAt:O}");
                        }
                    }
                }
            }
        }

        var (overCapacity, gaps, lastSequence) = await ReplayAuditAsync(cluster, examples);
        var behindIds = orders.Where(o => o.Value?["version"]?.GetValue<long>() is { } version && version > lastSequence.GetValueOrDefault(o.Key))
            .Select(o => o.Key).ToList();
        // A change committed while the orders were read may still be on its way to the trail (the grain publishes right
        // after its write): only what has not caught up within a few seconds is behind.
        for (var catchUp = Stopwatch.StartNew(); behindIds.Count > 0 && catchUp.Elapsed < TimeSpan.FromSeconds(15);)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            var again = await ReadAllAsync(cluster, behindIds);
            var published = await LastSequencesAsync(cluster, behindIds);
            behindIds = again.Where(o => o.Value?["version"]?.GetValue<long>() is { } version && version > published.GetValueOrDefault(o.Key))
                .Select(o => o.Key).ToList();
        }

        var behind = behindIds.Count;
        var trail = await LastSequencesAsync(cluster, behindIds);
        foreach (var (id, order) in await ReadAllAsync(cluster, behindIds.Take(3)))
        {
            examples.Add($"audit behind: {id} at version {order?["version"]} ({order?["status"]}), trail at {trail.GetValueOrDefault(id)}");
        }
        examples.AddRange(capacity.Leaks.Take(3).Select(l => $"leak: {l}"));
        examples.AddRange(capacity.WaitingBeside.Take(3).Select(w => $"waiting beside free capacity: {w}"));

        var answers = cluster.Answers.ToArray();
        var during = answers.Where(a => a.At >= fault.From && a.At <= fault.To).ToArray();
        var unavailable = answers.Where(a => a.Status == 503).ToArray();
        return new FaultFigures
        {
            Acknowledged = orders.Count,
            Lost = lost.Count,
            OverCapacity = overCapacity,
            LoadLeaks = capacity.Leaks.Count,
            AuditGaps = gaps,
            AuditBehind = behind,
            ClocksDue = due,
            ClocksUnfired = unfired,
            Http500DuringFault = during.Count(a => a.Status == 500),
            Http503DuringFault = during.Count(a => a.Status == 503),
            Http503WithoutRetryAfter = unavailable.Count(a => !a.RetryAfter),
            NoAnswerDuringFault = during.Count(a => a.Status == 0),
            Http500Overall = answers.Count(a => a.Status == 500),
            Requests = answers.Length,
            Window503 = unavailable.Length == 0 ? null : unavailable.Max(a => a.At + a.Took) - unavailable.Min(a => a.At),
            WaitingBesideFreeCapacity = capacity.WaitingBeside.Count,
            Waiting = capacity.Waiting,
            SettledAfter = settled,
            Examples = examples,
        };
    }

    private sealed record Capacity(List<string> Leaks, List<string> WaitingBeside, int Waiting);

    /// <summary>Leaks (a technician's assignment that is not an open order assigned to them) and triaged orders a free
    /// technician of their region could take (not one who declined it or let its offer run out).</summary>
    private static async Task<Capacity> CapacityAsync(FaultCluster cluster)
    {
        var leaks = new List<string>();
        var free = new List<(FaultTechnician Technician, HashSet<string> Missed)>();
        foreach (var technician in cluster.Technicians.Values)
        {
            var (status, body) = await ReadAsync(cluster, $"/api/technicians/{technician.Id}");
            if (status != HttpStatusCode.OK || body is null)
            {
                leaks.Add($"{technician.Id} unreadable ({(int)status})");
                continue;
            }

            var assignments = (body["assignments"] as JsonArray ?? []).Select(a => (string)a!).ToList();
            foreach (var orderId in assignments)
            {
                var (_, order) = await ReadAsync(cluster, $"/api/work-orders/{orderId}");
                if (order is null || !Holding.Contains((string?)order["status"] ?? "") || (string?)order["technicianId"] != technician.Id)
                {
                    leaks.Add($"{technician.Id} holds {orderId} ({order?["status"]}, technician {order?["technicianId"]})");
                }
            }

            if ((string?)body["dutyStatus"] == "available" && assignments.Count < technician.Capacity)
            {
                var missed = (body["missedAccepts"] as JsonArray ?? []).Select(m => (string)m!["workOrderId"]!).ToHashSet();
                free.Add((technician, missed));
            }
        }

        var triaged = new List<(string Id, string Region)>();
        await using (var command = cluster.Data.CreateCommand("SELECT id, region FROM fs_work_order_index WHERE status = 'triaged'"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                triaged.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        var beside = new List<string>();
        foreach (var (id, region) in triaged.Where(t => free.Any(f => f.Technician.Region == t.Region)))
        {
            // The index may lag the grain by a moment: the order's own answer decides.
            var (_, order) = await ReadAsync(cluster, $"/api/work-orders/{id}");
            if ((string?)order?["status"] != "triaged" || order["dispatchHeld"]?.GetValue<bool>() == true)
            {
                continue;
            }

            var declined = (order["declines"] as JsonArray ?? []).Select(d => (string)d!["technicianId"]!).ToHashSet();
            if (free.FirstOrDefault(f => f.Technician.Region == region && !declined.Contains(f.Technician.Id) && !f.Missed.Contains(id)) is { Technician: { } room })
            {
                beside.Add($"{id} in {region} while {room.Id} has room");
            }
        }

        return new Capacity(leaks, beside, triaged.Count);
    }

    /// <summary>Replays every technician's audit trail (assign adds the order, any other step naming an order held
    /// removes it) against their capacity; counts subjects whose sequences have gaps; and the last sequence per order.</summary>
    private static async Task<Dictionary<string, long>> LastSequencesAsync(FaultCluster cluster, IReadOnlyCollection<string> orderIds)
    {
        var last = new Dictionary<string, long>();
        await using var command = cluster.Data.CreateCommand(
            "SELECT subject_id, max(sequence) FROM fs_audit WHERE subject_type = 'work-order' AND subject_id = ANY(@ids) GROUP BY subject_id");
        command.Parameters.AddWithValue("ids", orderIds.ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            last[reader.GetString(0)] = reader.GetInt64(1);
        }

        return last;
    }

    private static async Task<(int OverCapacity, int Gaps, Dictionary<string, long> LastSequence)> ReplayAuditAsync(FaultCluster cluster, List<string> examples)
    {
        var held = new Dictionary<string, HashSet<string>>();
        var over = new HashSet<string>();
        await using (var command = cluster.Data.CreateCommand(
                         "SELECT subject_id, action, work_order_id FROM fs_audit WHERE subject_type = 'technician' ORDER BY subject_id, sequence"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var technician = reader.GetString(0);
                if (reader.IsDBNull(2) || !cluster.Technicians.TryGetValue(technician, out var known))
                {
                    continue;
                }

                var orders = held.TryGetValue(technician, out var set) ? set : held[technician] = [];
                var order = reader.GetString(2);
                if (reader.GetString(1) == "assign")
                {
                    orders.Add(order);
                    if (orders.Count > known.Capacity && over.Add(technician))
                    {
                        examples.Add($"over capacity: {technician} held {string.Join(", ", orders)}");
                    }
                }
                else
                {
                    orders.Remove(order);
                }
            }
        }

        int gaps;
        await using (var command = cluster.Data.CreateCommand(
                         "SELECT count(*) FROM (SELECT min(sequence) AS low, max(sequence) AS high, count(*) AS n FROM fs_audit " +
                         "GROUP BY subject_type, subject_id) s WHERE low <> 1 OR high <> n"))
        {
            gaps = (int)(long)(await command.ExecuteScalarAsync())!;
        }

        var last = new Dictionary<string, long>();
        await using (var command = cluster.Data.CreateCommand(
                         "SELECT subject_id, max(sequence) FROM fs_audit WHERE subject_type = 'work-order' GROUP BY subject_id"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                last[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        return (over.Count, gaps, last);
    }

    /// <summary>Every order by id (null: not readable — 404, or no answer after retries).</summary>
    private static async Task<Dictionary<string, JsonNode?>> ReadAllAsync(FaultCluster cluster, IEnumerable<string> ids)
    {
        var read = new System.Collections.Concurrent.ConcurrentDictionary<string, JsonNode?>();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, _) =>
        {
            var (status, body) = await ReadAsync(cluster, $"/api/work-orders/{id}");
            read[id] = status == HttpStatusCode.OK ? body : null;
        });
        return new Dictionary<string, JsonNode?>(read);
    }

    /// <summary>A read after the fault: an unavailable answer is asked again a few times, since what counts here is
    /// whether the data is there, not how the fault answered (that is counted from the load's answers).</summary>
    private static async Task<(HttpStatusCode Status, JsonNode? Body)> ReadAsync(FaultCluster cluster, string path)
    {
        var answer = await cluster.SendAsync(cluster.StaffToken, HttpMethod.Get, path, null, "check");
        for (var attempt = 0; attempt < 5 && answer.Status is 0 or >= HttpStatusCode.InternalServerError; attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            answer = await cluster.SendAsync(cluster.StaffToken, HttpMethod.Get, path, null, "check");
        }

        return answer;
    }
}
