using FieldService.Attachments;
using FieldService.Grains.Records;
using Npgsql;
using NpgsqlTypes;

namespace FieldService.Silo.Records;

/// <summary>The durable mode's attachments in <c>fs_attachment</c> (deploy/sql/100_fieldservice_records.sql), bytes
/// included. Written directly, not through the group-commit writer: uploads are rare and large, and a photo's row is
/// its own transaction.</summary>
public sealed class PostgresAttachmentStore(NpgsqlDataSource dataSource) : IAttachmentStore
{
    private const string Columns =
        "id, work_order_id, kind, content_type, size_bytes, sha256, taken_by_id, taken_by_role, taken_by_technician_id, taken_by_customer_id, taken_at, caption";

    public async Task<Attachment> AddAsync(Attachment attachment, byte[] content, string? idempotencyKey, CancellationToken cancellationToken = default)
    {
        // A retried upload meets its own row (same id, or same order and key) and stores nothing; the row it meets is returned.
        await using var command = dataSource.CreateCommand($"""
            WITH inserted AS (
                INSERT INTO fs_attachment ({Columns}, idempotency_key, content)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
                ON CONFLICT DO NOTHING
                RETURNING {Columns})
            SELECT {Columns} FROM inserted
            UNION ALL
            SELECT {Columns} FROM fs_attachment
            WHERE NOT EXISTS (SELECT 1 FROM inserted) AND (id = $1 OR (work_order_id = $2 AND idempotency_key = $13))
            LIMIT 1
            """);
        var by = attachment.TakenBy;
        command.Parameters.Add(Sql.Text(attachment.Id));
        command.Parameters.Add(Sql.Text(attachment.WorkOrderId));
        command.Parameters.Add(Sql.Text(Kebab.Of(attachment.Kind)));
        command.Parameters.Add(Sql.Text(attachment.ContentType));
        command.Parameters.Add(new NpgsqlParameter { Value = attachment.SizeBytes, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(Sql.Text(attachment.Sha256));
        command.Parameters.Add(Sql.Text(by.Id));
        command.Parameters.Add(Sql.Text(by.Role));
        command.Parameters.Add(Sql.Text(by.TechnicianId));
        command.Parameters.Add(Sql.Text(by.CustomerId));
        command.Parameters.Add(Sql.Time(attachment.TakenAt));
        command.Parameters.Add(Sql.Text(attachment.Caption));
        command.Parameters.Add(Sql.Text(idempotencyKey));
        command.Parameters.Add(new NpgsqlParameter { Value = content, NpgsqlDbType = NpgsqlDbType.Bytea });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? Read(reader)
            : throw new InvalidOperationException($"Attachment {attachment.Id} was neither stored nor found.");
    }

    public async Task<IReadOnlyList<Attachment>> ListAsync(string workOrderId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM fs_attachment WHERE work_order_id = $1 ORDER BY position");
        command.Parameters.Add(Sql.Text(workOrderId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var attachments = new List<Attachment>();
        while (await reader.ReadAsync(cancellationToken))
        {
            attachments.Add(Read(reader));
        }

        return attachments;
    }

    public async Task<byte[]?> ReadContentAsync(string workOrderId, string attachmentId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT content FROM fs_attachment WHERE work_order_id = $1 AND id = $2");
        command.Parameters.Add(Sql.Text(workOrderId));
        command.Parameters.Add(Sql.Text(attachmentId));
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    private static Attachment Read(NpgsqlDataReader reader) => new(
        reader.GetString(0), reader.GetString(1),
        Enum.Parse<AttachmentKind>(reader.GetString(2).Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true),
        reader.GetString(3), reader.GetInt64(4), reader.GetString(5),
        new Actor(reader.GetString(6), reader.GetString(7), Sql.NullableText(reader, 8), Sql.NullableText(reader, 9)),
        reader.GetFieldValue<DateTimeOffset>(10), Sql.NullableText(reader, 11));
}
