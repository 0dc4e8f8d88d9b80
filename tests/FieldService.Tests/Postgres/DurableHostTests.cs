using System.Net;
using System.Text.Json.Nodes;
using FieldService.Tests.Http;
using FieldService.Tests.Infrastructure;
using Npgsql;

namespace FieldService.Tests.Postgres;

/// <summary>The durable mode: Orleans clustering, grain state and reminders plus the project's records on PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DurableHostTests(PostgresServer server)
{
    private Task<string> FreshDatabaseAsync() => server.CreateDatabaseWithSchemaAsync();

    [Fact]
    public async Task P1_to_P9_an_order_walked_through_one_host_is_read_back_with_its_audit_rows_by_the_next()
    {
        var connectionString = await FreshDatabaseAsync();
        string walked, reported;
        JsonObject before;
        await using (var first = new AppFactory(connectionString))
        {
            var api = await first.Personas.OperatorAsync();
            walked = await WorkOrderWalkTests.WalkP1ToP9Async(first.Personas, "t-durable");
            reported = await api.ReportAsync(Intakes.Body("south"));
            before = await api.GetAsync($"/api/work-orders/{walked}");
        }

        await using var second = new AppFactory(connectionString);
        var again = await second.Personas.OperatorAsync();

        var after = await again.GetAsync($"/api/work-orders/{walked}");
        var listed = await again.GetAsync("/api/work-orders?region=south");
        var technician = await again.GetAsync("/api/technicians/t-durable");
        var audit = await again.GetAsync($"/api/audit?workOrderId={walked}&pageSize=100");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var rows = await SchemaTests.ScalarAsync<long>(dataSource, $"SELECT count(*) FROM fs_audit WHERE subject_id = '{walked}'");
        var stored = await SchemaTests.ScalarAsync<string>(dataSource,
            $"SELECT convert_from(payload, 'UTF8') FROM orleans_grain_state WHERE grain_id_extension LIKE '%{walked}%'");

        Assert.Equal(before.ToJsonString(), after.ToJsonString());
        Assert.Equal("closed", (string?)after["status"]);
        Assert.Equal([reported], ((JsonArray)listed["items"]!).Select(o => (string)o!["id"]!));
        Assert.Equal(("Li Wei", 0), ((string?)technician["profile"]!["name"], (int)technician["load"]!));
        Assert.Equal(18L, rows);
        Assert.Contains("\"status\":\"closed\"", stored, StringComparison.Ordinal);
        Assert.Equal(18, ((JsonArray)audit["items"]!).Count(e => (string?)e!["subjectType"] == "work-order")); // 17 steps + parts-reserved

        // Q3 and S1 after the restart: the sampler's tallies came back from PostgreSQL, and the compliance report is
        // recomputed from the audit rows there.
        var tallies = (JsonArray)(await (await second.Personas.AsAsync("inspector-1", Roles.Inspector)).GetAsync("/api/quality/sampling"))["items"]!;
        var compliance = await (await second.Personas.AsAsync("auditor-1", Roles.Auditor)).GetAsync(
            "/api/reports/compliance?from=2026-11-27T07:00:00Z&to=2026-11-28T07:00:00Z");
        var mine = tallies.Single(t => (string?)t!["scope"] == "technician:t-durable")!;
        Assert.Equal((1, 1), ((int)mine["completed"]!, (int)mine["inspected"]!));
        Assert.Equal(2, (int)compliance["orders"]!);
        var p9 = ((JsonArray)compliance["clauses"]!).Single(c => (string?)c!["clause"] == "P9")!;
        Assert.Equal([walked], p9["metOrders"]!.AsArray().Select(n => (string)n!));
        Assert.Equal((1, 1), ((int)compliance["inspection"]!["completed"]!, (int)compliance["inspection"]!["inspected"]!));
    }

    [Fact]
    public async Task The_orders_lifecycle_continues_after_a_restart()
    {
        var connectionString = await FreshDatabaseAsync();
        string id;
        await using (var first = new AppFactory(connectionString))
        {
            var api = await first.Personas.OperatorAsync();
            await api.PutAsync("/api/technicians/t-1", Intakes.Technician(), HttpStatusCode.Created);
            id = await api.ReportAsync();
            await api.PostAsync($"/api/work-orders/{id}/triage", new { onSite = true });
            await api.PostAsync($"/api/work-orders/{id}/dispatch", new { technicianId = "t-1" });
        }

        await using var second = new AppFactory(connectionString);
        var again = await second.Personas.OperatorAsync();
        var technician = await second.Personas.TechnicianAsync("t-1");

        var refused = await technician.PostAsync($"/api/work-orders/{id}/arrive", null, HttpStatusCode.Conflict);
        var accepted = await technician.PostAsync($"/api/work-orders/{id}/accept", null);

        Assert.Equal("dispatched", (string?)refused["currentStatus"]);
        Assert.Equal(("accepted", 4), ((string?)accepted["status"], (int)accepted["version"]!));
        Assert.Equal(1, (int)(await again.GetAsync("/api/technicians/t-1"))["load"]!);
    }

    [Fact]
    public async Task Health_ready_checks_the_silo_and_postgresql()
    {
        await using var host = new AppFactory(await FreshDatabaseAsync());
        using var client = host.CreateClient();

        using var ready = await client.GetAsync("/health/ready");
        using var live = await client.GetAsync("/health/live");

        Assert.Equal((HttpStatusCode.OK, "Healthy"), (ready.StatusCode, await ready.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }
}
