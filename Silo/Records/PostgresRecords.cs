using System.Text.Json;
using FieldService.Audit;
using FieldService.Complaints;
using FieldService.Escalations;
using FieldService.Grains.Common;
using FieldService.Grains.Records;
using FieldService.Quality;
using FieldService.Technicians;
using FieldService.WorkOrders;
using Npgsql;
using NpgsqlTypes;

namespace FieldService.Silo.Records;

// The durable mode's records, in the tables of deploy/sql/100_fieldservice_records.sql. Writes go through
// PostgresRecordWriter (group commit); reads query the tables directly.

/// <summary>The audit trail in <c>fs_audit</c>: inserted, never updated (a trigger refuses it).</summary>
public sealed class PostgresAuditLog(NpgsqlDataSource dataSource, PostgresRecordWriter writer) : IAuditLog
{
    public Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default) =>
        writer.AppendAuditAsync(entries, cancellationToken);

    public async Task<Page<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        const string Filter = """
            WHERE ($1::timestamptz IS NULL OR at >= $1) AND ($2::timestamptz IS NULL OR at < $2)
              AND ($3::text IS NULL OR work_order_id = $3) AND ($4::text IS NULL OR technician_id = $4)
            """;
        return await Sql.PageAsync(
            dataSource,
            "FROM fs_audit " + Filter,
            "subject_type, subject_id, sequence, at, actor_id, actor_role, action, from_status, to_status, reason, work_order_id, technician_id, facts",
            "at, subject_type, subject_id, sequence",
            [Sql.Time(query.From), Sql.Time(query.To), Sql.Text(query.WorkOrderId), Sql.Text(query.TechnicianId)],
            reader => new AuditEntry(
                reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetFieldValue<DateTimeOffset>(3),
                new Actor(reader.GetString(4), reader.GetString(5)), reader.GetString(6), Sql.NullableText(reader, 7),
                Sql.NullableText(reader, 8), Sql.NullableText(reader, 9), Sql.NullableText(reader, 10), Sql.NullableText(reader, 11),
                AuditFactsJson.Read(Sql.NullableText(reader, 12))),
            query.PageNumber,
            query.PageSize,
            cancellationToken);
    }
}

/// <summary>The work-order index in <c>fs_work_order_index</c>.</summary>
public sealed class PostgresWorkOrderIndex(NpgsqlDataSource dataSource, PostgresRecordWriter writer) : IWorkOrderIndex
{
    public Task UpsertAsync(WorkOrderSummary summary, CancellationToken cancellationToken = default) =>
        writer.UpsertAsync(summary, cancellationToken);

    public async Task<Page<WorkOrderSummary>> QueryAsync(WorkOrderQuery query, CancellationToken cancellationToken = default)
    {
        const string Filter = " WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR region = $2) AND ($3::text IS NULL OR technician_id = $3)"
            + " AND ($4::text IS NULL OR customer_id = $4)";
        return await Sql.PageAsync(
            dataSource,
            "FROM fs_work_order_index" + Filter,
            "id, status, priority, region, technician_id, customer_name, product_model, critical, reported_at, updated_at, version, customer_id",
            "reported_at DESC, id",
            [Sql.Text(query.Status is { } status ? Kebab.Of(status) : null), Sql.Text(query.Region), Sql.Text(query.TechnicianId), Sql.Text(query.CustomerId)],
            reader => new WorkOrderSummary(
                reader.GetString(0), Sql.ParseKebab<WorkOrderStatus>(reader.GetString(1)), Sql.ParseKebab<Priority>(reader.GetString(2)),
                reader.GetString(3), Sql.NullableText(reader, 4), reader.GetString(5), reader.GetString(6),
                reader.GetBoolean(7), reader.GetFieldValue<DateTimeOffset>(8), reader.GetFieldValue<DateTimeOffset>(9), reader.GetInt64(10),
                Sql.NullableText(reader, 11)),
            query.PageNumber,
            query.PageSize,
            cancellationToken);
    }
}

/// <summary>The technician index in <c>fs_technician_index</c>, each row holding the technician's JSON snapshot.</summary>
public sealed class PostgresTechnicianIndex(NpgsqlDataSource dataSource, PostgresRecordWriter writer) : ITechnicianIndex
{
    public Task UpsertAsync(Technician technician, CancellationToken cancellationToken = default) =>
        writer.UpsertAsync(technician, cancellationToken);

    public async Task<IReadOnlyList<Technician>> ListAsync(string? region, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT snapshot::text FROM fs_technician_index WHERE ($1::text IS NULL OR region = $1) ORDER BY id");
        command.Parameters.Add(Sql.Text(region));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var technicians = new List<Technician>();
        while (await reader.ReadAsync(cancellationToken))
        {
            technicians.Add(JsonSerializer.Deserialize<Technician>(reader.GetString(0), FieldServiceJson.Options)!);
        }

        return technicians;
    }
}

/// <summary>The escalation index in <c>fs_escalation_index</c>, each row holding the escalation's JSON snapshot.</summary>
public sealed class PostgresEscalationIndex(NpgsqlDataSource dataSource, PostgresRecordWriter writer) : IEscalationIndex
{
    /// <summary>Most escalations one inbox listing returns (the oldest open ones first).</summary>
    public const int MaxListed = 500;

    public Task UpsertAsync(Escalation escalation, CancellationToken cancellationToken = default) =>
        writer.UpsertAsync(escalation, cancellationToken);

    public async Task<IReadOnlyList<Escalation>> ListAsync(string team, bool openOnly, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT snapshot::text FROM fs_escalation_index WHERE team = $1 AND (NOT $2 OR acknowledged_at IS NULL) ORDER BY raised_at, id LIMIT {MaxListed}");
        command.Parameters.Add(new() { Value = team });
        command.Parameters.Add(new() { Value = openOnly });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var escalations = new List<Escalation>();
        while (await reader.ReadAsync(cancellationToken))
        {
            escalations.Add(JsonSerializer.Deserialize<Escalation>(reader.GetString(0), FieldServiceJson.Options)!);
        }

        return escalations;
    }
}

/// <summary>Q1's usage lists in <c>fs_standard_use</c>: one row per (category, version, work order), paged by the
/// position each row was inserted at, newest first.</summary>
public sealed class PostgresStandardUsageIndex(NpgsqlDataSource dataSource, PostgresRecordWriter writer) : IStandardUsageIndex
{
    public Task RecordAsync(string category, int version, StandardUse use, CancellationToken cancellationToken = default) =>
        writer.RecordAsync(category, version, use, cancellationToken);

    public async Task<Page<StandardUse>> ListAsync(string category, int version, int pageNumber, int pageSize, CancellationToken cancellationToken = default) =>
        await Sql.PageAsync(
            dataSource,
            "FROM fs_standard_use WHERE category = $1 AND version = $2",
            "work_order_id, technician_id, checked_at, passed",
            "position DESC",
            [Sql.Text(category), new() { Value = version, NpgsqlDbType = NpgsqlDbType.Integer }],
            reader => new StandardUse(reader.GetString(0), Sql.NullableText(reader, 1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetBoolean(3)),
            pageNumber,
            pageSize,
            cancellationToken);
}

/// <summary>The complaint index in <c>fs_complaint</c>: one row per complaint, listed newest opened first, then by id.</summary>
public sealed class PostgresComplaintIndex(NpgsqlDataSource dataSource, PostgresRecordWriter writer) : IComplaintIndex
{
    public Task UpsertAsync(ComplaintSummary summary, CancellationToken cancellationToken = default) =>
        writer.UpsertAsync(summary, cancellationToken);

    public async Task<Page<ComplaintSummary>> QueryAsync(ComplaintQuery query, CancellationToken cancellationToken = default)
    {
        const string Filter = " WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR work_order_id = $2)"
            + " AND ($3::text IS NULL OR technician_id = $3) AND ($4::text IS NULL OR customer_id = $4)";
        return await Sql.PageAsync(
            dataSource,
            "FROM fs_complaint" + Filter,
            "id, status, work_order_id, technician_id, customer_id, category, upheld_against_technician, opened_at, updated_at, version",
            // id is COLLATE "C": ties fall in ordinal order, as the embedded index and the earlier grain ordered them.
            "opened_at DESC, id",
            [Sql.Text(query.Status is { } status ? Kebab.Of(status) : null), Sql.Text(query.WorkOrderId), Sql.Text(query.TechnicianId), Sql.Text(query.CustomerId)],
            reader => new ComplaintSummary(
                reader.GetString(0), Sql.ParseKebab<ComplaintStatus>(reader.GetString(1)), reader.GetString(2), Sql.NullableText(reader, 3),
                Sql.NullableText(reader, 4), Sql.ParseKebab<ComplaintCategory>(reader.GetString(5)),
                reader.IsDBNull(6) ? null : reader.GetBoolean(6), reader.GetFieldValue<DateTimeOffset>(7), reader.GetFieldValue<DateTimeOffset>(8),
                reader.GetInt64(9)),
            query.PageNumber,
            query.PageSize,
            cancellationToken);
    }
}

/// <summary>Parameter and column helpers shared by the PostgreSQL records.</summary>
internal static class Sql
{
    internal static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    internal static NpgsqlParameter Time(DateTimeOffset? value) =>
        new() { Value = value is { } v ? v.ToUniversalTime() : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz };

    internal static string? NullableText(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>An enum the tables hold as <see cref="Kebab"/> text.</summary>
    internal static TEnum ParseKebab<TEnum>(string value) where TEnum : struct, Enum =>
        Enum.Parse<TEnum>(value.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true);

    /// <summary>One page and the total count, in one round trip. <paramref name="from"/> is the FROM/WHERE clause whose
    /// $1..$n are <paramref name="filters"/>; the page's LIMIT and OFFSET follow them.</summary>
    internal static async Task<Page<T>> PageAsync<T>(
        NpgsqlDataSource dataSource, string from, string columns, string orderBy, NpgsqlParameter[] filters,
        Func<NpgsqlDataReader, T> read, int pageNumber, int pageSize, CancellationToken cancellationToken)
    {
        var limit = filters.Length + 1;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand($"SELECT count(*) {from}"),
                new NpgsqlBatchCommand($"SELECT {columns} {from} ORDER BY {orderBy} LIMIT ${limit} OFFSET ${limit + 1}"),
            },
        };
        foreach (var filter in filters)
        {
            batch.BatchCommands[0].Parameters.Add(filter.Clone());
            batch.BatchCommands[1].Parameters.Add(filter.Clone());
        }

        batch.BatchCommands[1].Parameters.Add(new() { Value = pageSize });
        batch.BatchCommands[1].Parameters.Add(new() { Value = (pageNumber - 1) * pageSize });

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var total = reader.GetInt64(0);
        await reader.NextResultAsync(cancellationToken);
        var items = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(read(reader));
        }

        return new Page<T>(items, pageNumber, pageSize, total);
    }
}
