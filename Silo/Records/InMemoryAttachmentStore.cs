using FieldService.Attachments;
using FieldService.Grains.Records;

namespace FieldService.Silo.Records;

/// <summary>The embedded mode's attachments: process memory, gone at exit like every other record of that mode.</summary>
public sealed class InMemoryAttachmentStore : IAttachmentStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, List<(Attachment Attachment, byte[] Content, string? Key)>> orders = new(StringComparer.Ordinal);

    public Task<Attachment> AddAsync(Attachment attachment, byte[] content, string? idempotencyKey, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            if (!orders.TryGetValue(attachment.WorkOrderId, out var rows))
            {
                orders[attachment.WorkOrderId] = rows = [];
            }

            // The same rules as the table's keys: one row per id, and per (order, Idempotency-Key).
            if (rows.FirstOrDefault(r => r.Attachment.Id == attachment.Id || (idempotencyKey is not null && r.Key == idempotencyKey)) is { Attachment: { } stored })
            {
                return Task.FromResult(stored);
            }

            rows.Add((attachment, content, idempotencyKey));
            return Task.FromResult(attachment);
        }
    }

    public Task<IReadOnlyList<Attachment>> ListAsync(string workOrderId, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<Attachment>>(orders.TryGetValue(workOrderId, out var rows) ? rows.Select(r => r.Attachment).ToList() : []);
        }
    }

    public Task<byte[]?> ReadContentAsync(string workOrderId, string attachmentId, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return Task.FromResult(orders.TryGetValue(workOrderId, out var rows) ? rows.FirstOrDefault(r => r.Attachment.Id == attachmentId).Content : null);
        }
    }
}
