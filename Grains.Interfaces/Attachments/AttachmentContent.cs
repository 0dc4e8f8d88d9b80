namespace FieldService.Attachments;

/// <summary>An attachment with its bytes, as a download answers it.</summary>
[GenerateSerializer, Immutable, Alias("fs.AttachmentContent")]
public sealed record AttachmentContent([property: Id(0)] Attachment Attachment, [property: Id(1)] byte[] Content);
