namespace FieldService.Attachments;

/// <summary>Limits of work-order attachments (section <c>Attachments</c>). Shared by the grain that enforces them and
/// the web host that stops reading a request body beyond them, so both always agree.</summary>
public sealed class AttachmentOptions
{
    public const string SectionName = "Attachments";

    /// <summary>5 MiB: a phone photo downscaled to 1600 px as the page does is well below; an original full-size
    /// photo may not be.</summary>
    public const long DefaultMaxBytes = 5 * 1024 * 1024;

    public const int DefaultMaxPerOrder = 20;

    /// <summary>Largest file accepted, in bytes (413 above it). At most <see cref="MaxBytesLimit"/>.</summary>
    public long MaxBytes { get; set; } = DefaultMaxBytes;

    /// <summary>Most attachments one work order keeps (409 beyond it).</summary>
    public int MaxPerOrder { get; set; } = DefaultMaxPerOrder;

    /// <summary>The ceiling of <see cref="MaxBytes"/>: a file travels in one grain message (Orleans refuses bodies over
    /// 100 MB) and one PostgreSQL value, and is held in memory while it is checked.</summary>
    public const long MaxBytesLimit = 50 * 1024 * 1024;
}
