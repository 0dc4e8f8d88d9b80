using FieldService.Attachments;

namespace FieldService.Audit;

/// <summary><c>attach</c>: which file was kept with the order (its bytes stay in the attachment store).</summary>
[GenerateSerializer, Immutable, Alias("fs.AttachmentFact")]
public sealed record AttachmentFact(
    [property: Id(0)] string AttachmentId,
    [property: Id(1)] AttachmentKind Kind,
    [property: Id(2)] string ContentType,
    [property: Id(3)] long SizeBytes,
    [property: Id(4)] string Sha256);
