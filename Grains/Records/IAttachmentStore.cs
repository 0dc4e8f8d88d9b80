using FieldService.Attachments;

namespace FieldService.Grains.Records;

/// <summary>Where work orders' attachments and their bytes are kept (PostgreSQL in the durable mode, memory in the
/// embedded one). Only the attachments grain of an order writes its rows.</summary>
public interface IAttachmentStore
{
    /// <summary>Stores the attachment unless one with its id is already there (a retried upload); returns the stored one.
    /// An <paramref name="idempotencyKey"/> is unique per order: a second attachment under the same key is not stored.</summary>
    Task<Attachment> AddAsync(Attachment attachment, byte[] content, string? idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>The order's attachments in the order they were stored (metadata only).</summary>
    Task<IReadOnlyList<Attachment>> ListAsync(string workOrderId, CancellationToken cancellationToken = default);

    /// <summary>The bytes of one of the order's attachments, or null.</summary>
    Task<byte[]?> ReadContentAsync(string workOrderId, string attachmentId, CancellationToken cancellationToken = default);
}
