using System.Net;
using System.Text.Json.Nodes;
using FieldService.Tests.Infrastructure;

namespace FieldService.Tests.Postgres;

/// <summary>Durable means durable: a web host killed without warning loses no acknowledged order and no audit row.</summary>
[Collection(PostgresCollection.Name)]
public sealed class CrashTests(PostgresServer server)
{
    [Fact]
    public async Task S1_a_killed_process_loses_no_order_and_no_audit_row()
    {
        var connectionString = await server.CreateDatabaseWithSchemaAsync();

        var ports = WebHostProcess.Ports();
        var acknowledged = new Dictionary<string, long>();
        await using (var first = await WebHostProcess.StartAsync(connectionString, ports))
        {
            var api = await new Personas(() => new HttpClient { BaseAddress = first.BaseAddress }).OperatorAsync();
            await api.PutAsync("/api/technicians/t-crash", Intakes.Technician(capacity: 5), HttpStatusCode.Created);
            for (var i = 0; i < 5; i++)
            {
                var id = await api.ReportAsync(Intakes.Body(agreedArrival: false)); // real time runs in this process
                acknowledged[id] = 1;
                if (i % 2 == 0)
                {
                    await api.PostAsync($"/api/work-orders/{id}/triage", new { onSite = true });
                    var dispatched = await api.PostAsync($"/api/work-orders/{id}/dispatch", new { technicianId = "t-crash" });
                    acknowledged[id] = (long)dispatched["version"]!;
                }
            }

            await first.KillAsync();
        }

        await using var second = await WebHostProcess.StartAsync(connectionString, ports);
        var again = await new Personas(() => new HttpClient { BaseAddress = second.BaseAddress }).OperatorAsync();
        foreach (var (id, version) in acknowledged)
        {
            var order = await again.GetAsync($"/api/work-orders/{id}");
            Assert.True(version == (long)order["version"]!, (await again.GetAsync($"/api/work-orders/{id}/history")).ToJsonString());
            var audit = await again.GetAsync($"/api/audit?workOrderId={id}&pageSize=100");
            var sequences = ((JsonArray)audit["items"]!).Where(e => (string?)e!["subjectType"] == "work-order")
                .Select(e => (long)e!["sequence"]!);
            Assert.Equal(Enumerable.Range(1, (int)version).Select(v => (long)v), sequences);
        }

        var technician = await again.GetAsync("/api/technicians/t-crash");
        Assert.True(3 == (int)technician["load"]!, technician.ToJsonString());
        var listed = await again.GetAsync("/api/work-orders?pageSize=100");
        Assert.Equal(acknowledged.Keys.Order(), ((JsonArray)listed["items"]!).Select(o => (string)o!["id"]!).Order());
    }
}
