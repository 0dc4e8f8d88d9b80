using System.Text.Json;
using System.Threading.Channels;
using Channel = System.Threading.Channels.Channel;
using FieldService.Audit;
using FieldService.Complaints;
using FieldService.Escalations;
using FieldService.Grains.Common;
using FieldService.Quality;
using FieldService.Technicians;
using FieldService.WorkOrders;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace FieldService.Silo.Records;

/// <summary>
/// Group commit for the records. Every grain publishes its audit rows and index line after each change; one
/// statement per publication would cost PostgreSQL a round trip and a commit each. Instead the writes of all grains
/// that publish at the same moment are queued here and written together: one batch (one implicit transaction) with
/// one multi-row statement per table, the index lines before the audit rows. A caller's task completes only when
/// the batch holding its write has committed, so "published" still means durable. When a batch fails, each of its
/// writes is tried alone, so one bad write cannot fail the others.
/// </summary>
public sealed class PostgresRecordWriter : IAsyncDisposable
{
    /// <summary>Most writes in one batch: bounds the statement's arrays and a failed batch's retry.</summary>
    public const int MaxBatch = 512;

    /// <summary>Batches written at once: while one waits for its commit, the next one fills.</summary>
    private const int Writers = 2;

    private readonly NpgsqlDataSource dataSource;
    private readonly ILogger<PostgresRecordWriter> logger;
    private readonly Channel<Write> queue = Channel.CreateUnbounded<Write>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly Task[] writers;

    public PostgresRecordWriter(NpgsqlDataSource dataSource, ILogger<PostgresRecordWriter> logger)
    {
        this.dataSource = dataSource;
        this.logger = logger;
        writers = Enumerable.Range(0, Writers).Select(_ => Task.Run(WriteLoopAsync)).ToArray();
    }

    public Task AppendAuditAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken) =>
        entries.Count == 0 ? Task.CompletedTask : EnqueueAsync(new AuditWrite(entries), cancellationToken);

    public Task UpsertAsync(WorkOrderSummary summary, CancellationToken cancellationToken) =>
        EnqueueAsync(new WorkOrderLine(summary), cancellationToken);

    public Task UpsertAsync(Technician technician, CancellationToken cancellationToken) =>
        EnqueueAsync(new TechnicianLine(technician), cancellationToken);

    public Task UpsertAsync(Escalation escalation, CancellationToken cancellationToken) =>
        EnqueueAsync(new EscalationLine(escalation), cancellationToken);

    public Task UpsertAsync(ComplaintSummary summary, CancellationToken cancellationToken) =>
        EnqueueAsync(new ComplaintLine(summary), cancellationToken);

    public Task RecordAsync(string category, int version, StandardUse use, CancellationToken cancellationToken) =>
        EnqueueAsync(new StandardUseLine(category, version, use), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await Task.WhenAll(writers);
    }

    private Task EnqueueAsync(Write write, CancellationToken cancellationToken)
    {
        if (!queue.Writer.TryWrite(write))
        {
            return Task.FromException(new ObjectDisposedException(nameof(PostgresRecordWriter), "The records writer has stopped."));
        }

        // The write goes ahead even if the caller stops waiting: it is idempotent, and the caller publishes again.
        return cancellationToken.CanBeCanceled ? write.Done.Task.WaitAsync(cancellationToken) : write.Done.Task;
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Write>(MaxBatch);
        while (await queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var write))
            {
                batch.Add(write);
            }

            if (batch.Count == 0)
            {
                continue;
            }

            try
            {
                await ExecuteAsync(batch);
                batch.ForEach(w => w.Done.TrySetResult());
            }
            catch (Exception batchFailure) when (batch.Count > 1)
            {
                logger.LogWarning(batchFailure, "A batch of {Count} record writes failed; writing each alone", batch.Count);
                foreach (var write in batch)
                {
                    try
                    {
                        await ExecuteAsync([write]);
                        write.Done.TrySetResult();
                    }
                    catch (Exception exception)
                    {
                        write.Done.TrySetException(exception);
                    }
                }
            }
            catch (Exception exception)
            {
                batch.ForEach(w => w.Done.TrySetException(exception));
            }
        }
    }

    private async Task ExecuteAsync(IReadOnlyList<Write> writes)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var batch = new NpgsqlBatch(connection);

        // Index lines first: whoever reads an audit entry can rely on the index already showing that change. Within
        // one statement a row may be upserted once only, so each subject keeps its newest line.
        var orders = Newest(writes.OfType<WorkOrderLine>().Select(w => w.Summary), s => s.Id, s => s.Version);
        if (orders.Count > 0)
        {
            batch.BatchCommands.Add(Command(
                """
                INSERT INTO fs_work_order_index AS i (id, status, priority, region, technician_id, customer_name, product_model,
                                                      critical, reported_at, updated_at, version, customer_id)
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                                     $8::boolean[], $9::timestamptz[], $10::timestamptz[], $11::bigint[], $12::text[])
                ON CONFLICT (id) DO UPDATE SET
                    status = EXCLUDED.status, priority = EXCLUDED.priority, region = EXCLUDED.region,
                    technician_id = EXCLUDED.technician_id, customer_name = EXCLUDED.customer_name,
                    product_model = EXCLUDED.product_model, critical = EXCLUDED.critical,
                    updated_at = EXCLUDED.updated_at, version = EXCLUDED.version, customer_id = EXCLUDED.customer_id
                WHERE i.version < EXCLUDED.version
                """,
                Array(orders, s => s.Id), Array(orders, s => Kebab.Of(s.Status)), Array(orders, s => Kebab.Of(s.Priority)),
                Array(orders, s => s.Region), Array(orders, s => s.TechnicianId), Array(orders, s => s.CustomerName),
                Array(orders, s => s.ProductModel), Array(orders, s => s.Critical), Array(orders, s => s.ReportedAt.ToUniversalTime()),
                Array(orders, s => s.UpdatedAt.ToUniversalTime()), Array(orders, s => s.Version), Array(orders, s => s.CustomerId)));
        }

        var technicians = Newest(writes.OfType<TechnicianLine>().Select(w => w.Technician), t => t.Id, t => t.Version);
        if (technicians.Count > 0)
        {
            batch.BatchCommands.Add(Command(
                """
                INSERT INTO fs_technician_index AS i (id, region, snapshot, updated_at, version)
                SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::timestamptz[], $5::bigint[])
                ON CONFLICT (id) DO UPDATE SET region = EXCLUDED.region, snapshot = EXCLUDED.snapshot,
                    updated_at = EXCLUDED.updated_at, version = EXCLUDED.version
                WHERE i.version < EXCLUDED.version
                """,
                Array(technicians, t => t.Id), Array(technicians, t => t.Profile.Region), Json(technicians),
                Array(technicians, t => t.UpdatedAt.ToUniversalTime()), Array(technicians, t => t.Version)));
        }

        var escalations = Newest(writes.OfType<EscalationLine>().Select(w => w.Escalation), e => e.Id, e => e.Version);
        if (escalations.Count > 0)
        {
            batch.BatchCommands.Add(Command(
                """
                INSERT INTO fs_escalation_index AS i (id, team, work_order_id, raised_at, acknowledged_at, snapshot, version)
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::jsonb[], $7::bigint[])
                ON CONFLICT (id) DO UPDATE SET acknowledged_at = EXCLUDED.acknowledged_at, snapshot = EXCLUDED.snapshot,
                    version = EXCLUDED.version
                WHERE i.version < EXCLUDED.version
                """,
                Array(escalations, e => e.Id), Array(escalations, e => e.Team), Array(escalations, e => e.WorkOrderId),
                Array(escalations, e => e.RaisedAt.ToUniversalTime()), Array(escalations, e => e.AcknowledgedAt?.ToUniversalTime()),
                Json(escalations), Array(escalations, e => e.Version)));
        }

        var complaints = Newest(writes.OfType<ComplaintLine>().Select(w => w.Summary), c => c.Id, c => c.Version);
        if (complaints.Count > 0)
        {
            batch.BatchCommands.Add(Command(
                """
                INSERT INTO fs_complaint AS i (id, status, work_order_id, technician_id, customer_id, category,
                                               upheld_against_technician, opened_at, updated_at, version)
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                                     $7::boolean[], $8::timestamptz[], $9::timestamptz[], $10::bigint[])
                ON CONFLICT (id) DO UPDATE SET
                    status = EXCLUDED.status, work_order_id = EXCLUDED.work_order_id, technician_id = EXCLUDED.technician_id,
                    customer_id = EXCLUDED.customer_id, category = EXCLUDED.category,
                    upheld_against_technician = EXCLUDED.upheld_against_technician, opened_at = EXCLUDED.opened_at,
                    updated_at = EXCLUDED.updated_at, version = EXCLUDED.version
                WHERE i.version < EXCLUDED.version
                """,
                Array(complaints, c => c.Id), Array(complaints, c => Kebab.Of(c.Status)), Array(complaints, c => c.WorkOrderId),
                Array(complaints, c => c.TechnicianId), Array(complaints, c => c.CustomerId), Array(complaints, c => Kebab.Of(c.Category)),
                Array(complaints, c => c.UpheldAgainstTechnician), Array(complaints, c => c.OpenedAt.ToUniversalTime()),
                Array(complaints, c => c.UpdatedAt.ToUniversalTime()), Array(complaints, c => c.Version)));
        }

        // A use already listed stays as it was (its first position): a follow-up sent again adds nothing. Rows keep
        // the order they were queued in, which is the order the list shows them (newest last).
        var uses = writes.OfType<StandardUseLine>().DistinctBy(u => (u.Category, u.Version, u.Use.WorkOrderId)).ToList();
        if (uses.Count > 0)
        {
            batch.BatchCommands.Add(Command(
                """
                INSERT INTO fs_standard_use (category, version, work_order_id, technician_id, checked_at, passed)
                SELECT category, version, work_order_id, technician_id, checked_at, passed
                FROM unnest($1::text[], $2::integer[], $3::text[], $4::text[], $5::timestamptz[], $6::boolean[])
                     WITH ORDINALITY AS u (category, version, work_order_id, technician_id, checked_at, passed, queued)
                ORDER BY queued
                ON CONFLICT (category, version, work_order_id) DO NOTHING
                """,
                Array(uses, u => u.Category), Array(uses, u => u.Version), Array(uses, u => u.Use.WorkOrderId),
                Array(uses, u => u.Use.TechnicianId), Array(uses, u => u.Use.CheckedAt.ToUniversalTime()), Array(uses, u => u.Use.Passed)));
        }

        var entries = writes.OfType<AuditWrite>().SelectMany(w => w.Entries).ToList();
        if (entries.Count > 0)
        {
            batch.BatchCommands.Add(Command(
                """
                INSERT INTO fs_audit (subject_type, subject_id, sequence, at, actor_id, actor_role, action,
                                      from_status, to_status, reason, work_order_id, technician_id, facts)
                SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::timestamptz[], $5::text[], $6::text[], $7::text[],
                                     $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::jsonb[])
                ON CONFLICT ON CONSTRAINT fs_audit_subject_sequence DO NOTHING
                """,
                Array(entries, e => e.SubjectType), Array(entries, e => e.SubjectId), Array(entries, e => e.Sequence),
                Array(entries, e => e.At.ToUniversalTime()), Array(entries, e => e.Actor.Id), Array(entries, e => e.Actor.Role),
                Array(entries, e => e.Action), Array(entries, e => e.FromStatus), Array(entries, e => e.ToStatus),
                Array(entries, e => e.Reason), Array(entries, e => e.WorkOrderId), Array(entries, e => e.TechnicianId),
                new NpgsqlParameter<string?[]>
                {
                    TypedValue = entries.Select(e => AuditFactsJson.Write(e.Facts)).ToArray(),
                    NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb,
                }));
        }

        await batch.ExecuteNonQueryAsync();
    }

    /// <summary>Each subject's newest line, in id order: two writers' batches that share rows then lock them in the same
    /// order and cannot deadlock (a subject's changes follow each other within milliseconds, so its lines often sit in
    /// both writers' batches).</summary>
    private static List<T> Newest<T>(IEnumerable<T> lines, Func<T, string> id, Func<T, long> version) =>
        lines.GroupBy(id, StringComparer.Ordinal).Select(g => g.MaxBy(version)!).OrderBy(id, StringComparer.Ordinal).ToList();

    private static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    private static NpgsqlParameter Array<T, TValue>(IReadOnlyList<T> rows, Func<T, TValue> value) =>
        new NpgsqlParameter<TValue[]> { TypedValue = rows.Select(value).ToArray() };

    private static NpgsqlParameter Json<T>(IReadOnlyList<T> rows) => new NpgsqlParameter<string[]>
    {
        TypedValue = rows.Select(r => JsonSerializer.Serialize(r, FieldServiceJson.Options)).ToArray(),
        NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb,
    };

    private abstract record Write
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record AuditWrite(IReadOnlyList<AuditEntry> Entries) : Write;

    private sealed record WorkOrderLine(WorkOrderSummary Summary) : Write;

    private sealed record TechnicianLine(Technician Technician) : Write;

    private sealed record EscalationLine(Escalation Escalation) : Write;

    private sealed record ComplaintLine(ComplaintSummary Summary) : Write;

    private sealed record StandardUseLine(string Category, int Version, StandardUse Use) : Write;
}
