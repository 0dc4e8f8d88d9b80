namespace FieldService.Intake;

/// <summary>A file that came with an inbound message (a mail's attachment part, a chat upload).</summary>
/// <param name="FileName">The name the sender gave it, if any.</param>
/// <param name="ContentType">The type the sender declared; the attachments grain trusts only the bytes.</param>
[GenerateSerializer, Immutable, Alias("fs.InboundAttachment")]
public sealed record InboundAttachment(
    [property: Id(0)] string? FileName,
    [property: Id(1)] string ContentType,
    [property: Id(2)] byte[] Content);
