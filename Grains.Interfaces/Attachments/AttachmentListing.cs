namespace FieldService.Attachments;

/// <summary>A work order's attachments as one caller reads them, and whether that caller may add one now (judged by
/// the same rule as the upload, so a page offers its camera only when an upload would be taken).</summary>
/// <param name="Items">Oldest first, metadata only.</param>
/// <param name="MayAdd">The caller is the assigned technician, the order is at a stage where photos are taken, and
/// it is not full. Which roles may call the upload at all is the web host's table on top.</param>
/// <param name="MaxBytes">The largest file an upload may have (<see cref="AttachmentOptions.MaxBytes"/>).</param>
[GenerateSerializer, Immutable, Alias("fs.AttachmentListing")]
public sealed record AttachmentListing(
    [property: Id(0)] IReadOnlyList<Attachment> Items,
    [property: Id(1)] bool MayAdd,
    [property: Id(2)] long MaxBytes);
