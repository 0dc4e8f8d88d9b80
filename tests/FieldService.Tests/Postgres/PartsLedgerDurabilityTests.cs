using System.Net;
using System.Text.Json.Nodes;
using FieldService.Tests.Infrastructure;

namespace FieldService.Tests.Postgres;

/// <summary>M2/Q2: a bin's ledger lives in PostgreSQL: a web host killed without warning comes back with every
/// movement it acknowledged, and the audit trail holds them too.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PartsLedgerDurabilityTests(PostgresServer server)
{
    [Fact]
    public async Task Q2_a_bin_s_ledger_survives_a_killed_process()
    {
        var connectionString = await server.CreateDatabaseWithSchemaAsync();
        var ports = WebHostProcess.Ports();
        await using (var first = await WebHostProcess.StartAsync(connectionString, ports))
        {
            var store = await new Personas(() => new HttpClient { BaseAddress = first.BaseAddress }).AsAsync("store-1", Roles.Storekeeper);
            await store.PutAsync("/api/suppliers/acme", new { name = "Acme Parts", qualified = true });
            await store.PutAsync("/api/parts/FAN-1", new { name = "Fan motor", unit = "pc", unitCost = 42.5, categories = new[] { "hvac" }, critical = false, partClass = "B" });
            await store.PostAsync("/api/bins/wh-north/FAN-1/receive", new { quantity = 10, supplierId = "acme", certificate = "COC-1", inspectionPassed = true });
            await store.PostAsync("/api/bins/wh-north/FAN-1/receive", new { quantity = 2, supplierId = "acme", certificate = "COC-2", inspectionPassed = false });
            await store.PostAsync("/api/bins/wh-north/FAN-1/count", new { counted = 9 });
            await first.KillAsync();
        }

        await using var second = await WebHostProcess.StartAsync(connectionString, ports);
        var again = await new Personas(() => new HttpClient { BaseAddress = second.BaseAddress }).AsAsync("mgr-1", Roles.Manager);
        var ledger = (await again.GetAsync("/api/bins/wh-north/FAN-1/ledger"))["items"]!.AsArray();
        Assert.Equal(["receive", "receive-quarantined", "count"], ledger.Select(m => (string?)m!["kind"]));
        var bin = await again.GetAsync("/api/bins/wh-north/FAN-1");
        Assert.Equal((10, 2, 9), ((int)bin["onHand"]!, (int)bin["quarantined"]!, (int)bin["pendingCount"]!["counted"]!));
        var auditor = await new Personas(() => new HttpClient { BaseAddress = second.BaseAddress }).AsAsync("aud-1", Roles.Auditor);
        var audit = ((JsonArray)(await auditor.GetAsync("/api/audit?pageSize=100"))["items"]!).Where(e => (string?)e!["subjectType"] == "parts-bin");
        Assert.Equal([1L, 2L, 3L], audit.Select(e => (long)e!["sequence"]!).Order());
        Assert.Equal(9, (int)(await again.PostAsync("/api/bins/wh-north/FAN-1/approve-count", null))["onHand"]!);
    }
}
