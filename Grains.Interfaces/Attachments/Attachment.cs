namespace FieldService.Attachments;

/// <summary>A file kept with a work order (a photo of the fault or of the finished repair): what it is, never its
/// bytes (<see cref="AttachmentContent"/>). Immutable once stored.</summary>
/// <param name="Id">Unique across the platform; derived from the order and the Idempotency-Key when one was sent.</param>
/// <param name="ContentType">One of <see cref="AttachmentMediaTypes.All"/>, checked against the file's first bytes.</param>
/// <param name="Sha256">The file's SHA-256, lower-case hex (the ETag of its download).</param>
/// <param name="TakenBy">Who uploaded it (the identity of the request, never a body field).</param>
/// <param name="TakenAt">When the platform received it (its clock, not the phone's).</param>
[GenerateSerializer, Immutable, Alias("fs.Attachment")]
public sealed record Attachment(
    [property: Id(0)] string Id,
    [property: Id(1)] string WorkOrderId,
    [property: Id(2)] AttachmentKind Kind,
    [property: Id(3)] string ContentType,
    [property: Id(4)] long SizeBytes,
    [property: Id(5)] string Sha256,
    [property: Id(6)] Actor TakenBy,
    [property: Id(7)] DateTimeOffset TakenAt,
    [property: Id(8)] string? Caption);
