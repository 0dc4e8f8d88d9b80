using FieldService.WorkOrders;

namespace FieldService.Intake;

/// <summary>CS1: a customer's message that reached the platform by mail or chat, as the channel's reader understood it.</summary>
/// <param name="Source">Which mailbox or chat integration it came through (with the message id, it names the message).</param>
/// <param name="MessageId">The channel's own id: a mail's Message-ID, the chat platform's message id. The same id
/// never makes a second order.</param>
/// <param name="SenderEmail">The sender's address (H3: contact data, kept only on the customer record).</param>
/// <param name="ProductSerial">A serial number the channel names explicitly (a chat form's field), else null; a mail
/// names its product in its text.</param>
/// <param name="Unreadable">Why the reader could not make sense of the message (no sender, not a mail); null when it
/// could. An unreadable message still becomes an order, for the agents' triage queue, with its text as it came.</param>
/// <param name="Language">The language the channel labels the message with, as it came (a mail's Content-Language,
/// e.g. <c>zh-CN</c> or <c>en-GB, en</c>), else null; the intake rule reads it (<c>IntakeRules.LanguageOf</c>).</param>
[GenerateSerializer, Immutable, Alias("fs.InboundMessage")]
public sealed record InboundMessage(
    [property: Id(0)] Channel Channel,
    [property: Id(1)] string Source,
    [property: Id(2)] string MessageId,
    [property: Id(3)] string? SenderName,
    [property: Id(4)] string? SenderEmail,
    [property: Id(5)] string? SenderPhone,
    [property: Id(6)] string? Subject,
    [property: Id(7)] string Text,
    [property: Id(8)] DateTimeOffset ReceivedAt,
    [property: Id(9)] IReadOnlyList<InboundAttachment> Attachments,
    [property: Id(10)] string? ProductSerial = null,
    [property: Id(11)] string? Unreadable = null,
    [property: Id(12)] string? Language = null)
{
    /// <summary>Longest message text kept (characters); the rest is cut, and the whole original kept as an attachment.</summary>
    public const int MaxText = 4000;
}
