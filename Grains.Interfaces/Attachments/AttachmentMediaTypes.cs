namespace FieldService.Attachments;

/// <summary>The media types an attachment may have: one list for the web host (which answers others with 415) and the
/// grain (which checks the bytes really are one of them).</summary>
public static class AttachmentMediaTypes
{
    public const string Jpeg = "image/jpeg";
    public const string Png = "image/png";
    public const string Webp = "image/webp";

    public static IReadOnlyList<string> All { get; } = [Jpeg, Png, Webp];

    /// <summary>Longest caption, in characters.</summary>
    public const int MaxCaptionLength = 200;
}
