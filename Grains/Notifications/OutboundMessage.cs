using System.Text;

namespace FieldService.Grains.Notifications;

/// <summary>
/// One message as a gateway sends it. <see cref="To"/> is the customer's address or number, taken from the order in the
/// sending step and nowhere else (H3); the record prints without it, so it cannot reach a log line through ToString.
/// </summary>
/// <param name="MessageId">The idempotency id: the same on every try (the email's Message-ID, the SMS request's id).</param>
public sealed record OutboundMessage(
    string MessageId,
    string Channel,
    string To,
    string Language,
    string Subject,
    string Body,
    string WorkOrderId,
    string Kind)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"MessageId = {MessageId}, Channel = {Channel}, To = (confidential), Language = {Language}, WorkOrderId = {WorkOrderId}, Kind = {Kind}");
        return true;
    }
}
