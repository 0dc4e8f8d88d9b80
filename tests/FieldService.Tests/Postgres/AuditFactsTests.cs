using System.Text.Json;
using FieldService.Audit;
using FieldService.Clocks;
using FieldService.Grains.Clocks;
using FieldService.Grains.Reports;
using FieldService.Grains.WorkOrders;
using FieldService.Quality;
using FieldService.Silo.Hosting;
using FieldService.Silo.Records;
using FieldService.Tests.Infrastructure;
using FieldService.WorkOrders;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace FieldService.Tests.Postgres;

/// <summary>Issue 13.1 on PostgreSQL: the typed facts are stored in <c>fs_audit.facts</c>, and rows an older version
/// wrote without them get them from the schema script, once, so the reports read old and new rows alike.</summary>
[Collection(PostgresCollection.Name)]
public sealed class AuditFactsTests(PostgresServer server)
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Reports_read_facts_the_schema_script_derives_for_rows_written_without_them()
    {
        await using var dataSource = NpgsqlDataSource.Create(await server.CreateDatabaseAsync());
        var typed = Trail();

        // The audit table as it shipped before the facts column, holding rows in the reason wording of that time.
        await ExecuteAsync(dataSource,
            "CREATE TABLE fs_audit (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, subject_type text NOT NULL, subject_id text NOT NULL, " +
            "sequence bigint NOT NULL, at timestamptz NOT NULL, actor_id text NOT NULL, actor_role text NOT NULL, action text NOT NULL, " +
            "from_status text NULL, to_status text NULL, reason text NULL, work_order_id text NULL, technician_id text NULL, " +
            "recorded_at timestamptz NOT NULL DEFAULT now(), CONSTRAINT fs_audit_subject_sequence UNIQUE (subject_type, subject_id, sequence))");
        foreach (var e in typed)
        {
            await using var insert = dataSource.CreateCommand(
                "INSERT INTO fs_audit (subject_type, subject_id, sequence, at, actor_id, actor_role, action, from_status, to_status, reason, " +
                "work_order_id, technician_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)");
            foreach (var value in new object?[] { e.SubjectType, e.SubjectId, e.Sequence, e.At.ToUniversalTime(), e.Actor.Id, e.Actor.Role, e.Action,
                         e.FromStatus, e.ToStatus, e.Reason, e.WorkOrderId, e.TechnicianId })
            {
                insert.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
            }

            await insert.ExecuteNonQueryAsync();
        }

        await SchemaInstaller.ApplyAsync(dataSource, NullLogger.Instance);
        // Applied again (as every start does): the converged rows are left alone.
        await SchemaInstaller.ApplyAsync(dataSource, NullLogger.Instance);

        Assert.Equal(0L, await SchemaTests.ScalarAsync<long>(dataSource, "SELECT count(*) FROM fs_audit WHERE facts IS NULL"));
        await using var writer = new PostgresRecordWriter(dataSource, NullLogger<PostgresRecordWriter>.Instance);
        var log = new PostgresAuditLog(dataSource, writer);
        var read = (await log.QueryAsync(new AuditQuery(null, null, null, null, 1, 100))).Items;

        Assert.Equal(typed.Count, read.Count);
        foreach (var e in typed)
        {
            var stored = read.Single(r => r.SubjectType == e.SubjectType && r.SubjectId == e.SubjectId && r.Sequence == e.Sequence);
            // The region is not in the old reason text: a report's region is read from its order when a region is asked for.
            var derivable = e.Facts is { } f ? f with { Region = null } : null;
            Assert.True(Json(derivable) == Json(stored.Facts), $"{e.Action} '{e.Reason}': derived {Json(stored.Facts)}, written {Json(derivable)}");
        }

        var fromTyped = ComplianceCalculator.Compute(T0, T0.AddDays(1), typed);
        var fromStored = ComplianceCalculator.Compute(T0, T0.AddDays(1), read);
        Assert.Equal(Json(fromTyped), Json(fromStored));
        Assert.All(new[] { Clauses.P2, Clauses.P3, Clauses.P4, Clauses.E2Contact, Clauses.E2Arrival, Clauses.P9 },
            clause => Assert.Equal(1, fromStored.Clauses.Single(c => c.Clause == clause).Breached));
        Assert.Equal((1, 1), (fromStored.Inspection.Critical, fromStored.Inspection.CriticalInspected));
        Assert.Equal(1, fromStored.Clauses.Single(c => c.Clause == Clauses.M3).Applicable);
        Assert.Equal(4.0, AssessmentCalculator.Compute("t-a", T0, T0.AddDays(1), read).MeanSatisfaction);
    }

    /// <summary>Issue 15.4: a <c>report</c> row written before it carried <c>facts.region</c> (here made so by lifting
    /// the append-only trigger for one statement, as only an older version could) still counts in its region: the
    /// reports take the region from the order when a region is asked for.</summary>
    [Fact]
    public async Task S1_a_report_recorded_without_its_region_counts_in_its_orders_region()
    {
        var connectionString = await server.CreateDatabaseWithSchemaAsync();
        await using var app = new AppFactory(connectionString);
        var api = await app.Personas.OperatorAsync();
        async Task<string> DispatchedAsync(string region)
        {
            await api.PutAsync($"/api/technicians/t-{region}", Intakes.Technician(region), System.Net.HttpStatusCode.Created);
            var id = await api.ReportAsync(Intakes.Body(region));
            await api.PostAsync($"/api/work-orders/{id}/triage", new { onSite = true });
            await api.PostAsync($"/api/work-orders/{id}/dispatch", new { technicianId = $"t-{region}" });
            return id;
        }

        var north = await DispatchedAsync("north");
        var south = await DispatchedAsync("south");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await ExecuteAsync(dataSource, "ALTER TABLE fs_audit DISABLE TRIGGER fs_audit_append_only; " +
            "UPDATE fs_audit SET facts = facts - 'region' WHERE action = 'report'; ALTER TABLE fs_audit ENABLE TRIGGER fs_audit_append_only");
        Assert.Equal(0L, await SchemaTests.ScalarAsync<long>(dataSource, "SELECT count(*) FROM fs_audit WHERE facts ? 'region'"));

        var auditor = await app.Personas.AsAsync("auditor-1", Roles.Auditor);
        const string period = "from=2026-11-27T07:00:00Z&to=2026-11-28T07:00:00Z";
        foreach (var (region, id) in new[] { ("north", north), ("south", south) })
        {
            var compliance = await auditor.GetAsync($"/api/reports/compliance?{period}&region={region}");
            var kpis = await auditor.GetAsync($"/api/reports/kpis?{period}&region={region}");
            Assert.Equal(1, (int)compliance["orders"]!);
            Assert.Equal([id], compliance["clauses"]!.AsArray().Single(c => (string?)c!["clause"] == Clauses.P2)!["metOrders"]!.AsArray().Select(n => (string)n!));
            Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(compliance, kpis["period"]!["compliance"]), $"{region}: {kpis["period"]!["compliance"]}");
        }

        Assert.Equal(2, (int)(await auditor.GetAsync($"/api/reports/compliance?{period}"))["orders"]!);
    }

    [Fact]
    public async Task S1_new_rows_keep_their_typed_facts_and_their_facts_once_set_cannot_change()
    {
        await using var dataSource = NpgsqlDataSource.Create(await server.CreateDatabaseWithSchemaAsync());
        await using var writer = new PostgresRecordWriter(dataSource, NullLogger<PostgresRecordWriter>.Instance);
        var log = new PostgresAuditLog(dataSource, writer);
        var typed = Trail();

        await log.AppendAsync(typed);
        var read = (await log.QueryAsync(new AuditQuery(null, null, null, null, 1, 100))).Items;

        Assert.Equal(typed.Select(e => Json(e.Facts)), typed.Select(e => Json(read.Single(r => r.SubjectType == e.SubjectType && r.Sequence == e.Sequence).Facts)));
        await using var tampering = dataSource.CreateCommand("UPDATE fs_audit SET facts = '{\"satisfaction\":5}' WHERE action = 'callback'");
        var refused = await Assert.ThrowsAsync<PostgresException>(() => tampering.ExecuteNonQueryAsync());
        Assert.Contains("append-only", refused.MessageText, StringComparison.Ordinal);
    }

    /// <summary>One emergency order's trail, each entry with the reason and facts its writer records: the report
    /// (agreed arrival), the dispatch, a breach of every clock, completions of every inspection reason, both verdicts, a callback,
    /// a parts issue.</summary>
    private static List<AuditEntry> Trail()
    {
        const string Id = "wo-old";
        var agent = new Actor("agent-1", Roles.Agent);
        var intake = Intakes.Fault(priority: Priority.Emergency) with { AgreedArrival = new TimeWindow(T0.AddHours(1), T0.AddHours(2)) };
        var report = WorkOrderLifecycle.Report(Id, null, intake, agent, T0).Value!;
        var entries = new List<AuditEntry> { report.Entry };
        var order = report.Order with { Status = WorkOrderStatus.Dispatched, TechnicianId = "t-a" };
        // P3 applies from the dispatch on.
        entries.Add(Entry(2, 0, AuditActions.Dispatch, "offered to t-a", null));
        var minute = 1;
        foreach (var kind in Enum.GetValues<ClockKind>())
        {
            var clock = new SlaClock(kind, SlaClocks.ClauseOf(kind), T0, T0.AddMinutes(minute));
            var at = order with { Version = entries.Count, Clocks = [clock], Status = kind == ClockKind.Accept ? WorkOrderStatus.Dispatched : WorkOrderStatus.OnSite };
            entries.Add(WorkOrderLifecycle.Breach(Id, at, clock, T0.AddMinutes(minute++))!.Entry);
        }

        var quality = new QualityContext(Standards.BuiltInGeneral);
        foreach (var reason in Enum.GetValues<InspectionReason>())
        {
            var requirement = new InspectionRequirement(reason, "why", T0);
            var complete = new Complete([], "all good");
            var after = order with { InspectionRequirement = requirement };
            entries.Add(Entry(entries.Count + 1, minute++, AuditActions.Complete, QualityRules.ReasonOf(complete, after, quality with { Requirement = requirement }),
                QualityRules.FactsOf(complete, after)));
        }

        foreach (var passed in new[] { true, false })
        {
            var inspection = new RecordInspection([new CheckResult("safety", passed)], passed ? null : "redo the seal");
            entries.Add(Entry(entries.Count + 1, minute++, AuditActions.Inspection, QualityRules.ReasonOf(inspection, order, quality),
                QualityRules.FactsOf(inspection, order)));
        }

        entries.Add(Entry(entries.Count + 1, minute++, AuditActions.Callback, "satisfaction 4/5; complaint recorded", new AuditEntryFacts { Satisfaction = 4 }));
        entries.Add(new AuditEntry("parts-bin", "van-t-a|CB-9000", 1, T0.AddMinutes(minute), Actor.System, AuditActions.Issue, null, null,
            "-1 CB-9000 at van-t-a: fitted", Id, "t-a", new AuditEntryFacts { Parts = [new PartLine("van-t-a", "CB-9000", -1)] }));
        return entries;

        AuditEntry Entry(int sequence, int at, string action, string? reason, AuditEntryFacts? facts) =>
            new(WorkOrderLifecycle.SubjectType, Id, sequence, T0.AddMinutes(at), Actor.System, action, "in-repair", "in-repair", reason, Id, "t-a", facts);
    }

    private static string Json(object? value) => JsonSerializer.Serialize(value, FieldServiceJson.Options);

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
