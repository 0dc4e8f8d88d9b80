namespace FieldService.Attachments;

/// <summary>A file to keep with a work order. Marked immutable so the co-hosted web host hands its bytes to the grain
/// without a copy (the caller never touches them again).</summary>
/// <param name="ContentType">The media type the caller declared; the grain checks it against the bytes.</param>
/// <param name="IdempotencyKey">Names the upload: the same key on the same order is the same attachment.</param>
[GenerateSerializer, Immutable, Alias("fs.AttachmentUpload")]
public sealed record AttachmentUpload(
    [property: Id(0)] AttachmentKind Kind,
    [property: Id(1)] string ContentType,
    [property: Id(2)] byte[] Content,
    [property: Id(3)] string? Caption = null,
    [property: Id(4)] string? IdempotencyKey = null);
