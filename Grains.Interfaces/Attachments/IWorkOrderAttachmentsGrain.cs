namespace FieldService.Attachments;

/// <summary>The attachments of one work order (keyed by the order id): photos of the fault and of the finished repair.
/// It is the single writer of its order's attachments (so the count cap and Idempotency-Key hold under concurrent
/// uploads); the silo decides where they are stored. Every method judges the caller against the order itself.</summary>
[Alias("fs.IWorkOrderAttachmentsGrain")]
public interface IWorkOrderAttachmentsGrain : IGrainWithStringKey
{
    /// <summary>Stores a file taken by the technician assigned to the order and appends an audit entry (action
    /// <c>attach</c>). Refused as not found when the order does not exist or is not the caller's; as a conflict when
    /// the order is not in a state where photos are taken, or is full; as invalid when the bytes are not the declared
    /// image type or the caption is too long; as too large above <see cref="AttachmentOptions.MaxBytes"/>. The same
    /// Idempotency-Key again returns the attachment the first upload made.</summary>
    Task<Result<Attachment>> AddAsync(AttachmentUpload upload, Actor actor);

    /// <summary>The attachments, oldest first, and whether the caller may add one now; null when the order does not
    /// exist or the caller may not read it.</summary>
    [Orleans.Concurrency.AlwaysInterleave, Orleans.Concurrency.ReadOnly]
    Task<AttachmentListing?> ListForAsync(Actor actor);

    /// <summary>One attachment with its bytes, or null when it, or the order, does not exist or is not the caller's to read.</summary>
    [Orleans.Concurrency.AlwaysInterleave, Orleans.Concurrency.ReadOnly]
    Task<AttachmentContent?> ReadForAsync(string attachmentId, Actor actor);
}
