using FieldService.Grains.Notifications;
using FieldService.Notifications;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace FieldService.Silo.Notifications;

/// <summary>
/// Customer notices by email, over SMTP with MailKit: one connection per message (notices are few and far between,
/// and a connection held open would die on the server's idle timeout anyway). The notice's idempotency id is the
/// message's Message-ID, so a retry after a lost answer is recognisable as the same message.
/// </summary>
public sealed class SmtpNotificationChannel(IOptions<SmtpOptions> options, TimeProvider time) : INotificationChannel
{
    public string Channel => NotificationChannels.Email;

    public bool Enabled => !string.IsNullOrWhiteSpace(options.Value.Host);

    public async Task SendAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        var smtp = options.Value;
        var mail = new MimeMessage
        {
            MessageId = message.MessageId,
            Subject = message.Subject,
            Date = time.GetUtcNow(),
        };
        var text = new TextPart("plain") { Text = message.Body };
        // The language of the text itself (RFC 3282): a Content-* header of the part it describes.
        text.Headers.Add(HeaderId.ContentLanguage, message.Language);
        mail.Body = text;
        mail.From.Add(MailboxAddress.Parse(smtp.From!));
        if (!MailboxAddress.TryParse(message.To, out var to))
        {
            throw new NotificationRejectedException("the customer's email address cannot be parsed");
        }

        mail.To.Add(to);
        mail.Headers.Add("X-FieldService-Work-Order", message.WorkOrderId);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(smtp.Timeout);
        using var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(smtp.Host!, smtp.Port, smtp.Tls, timeout.Token);
            if (smtp.User is { } user)
            {
                await client.AuthenticateAsync(user, smtp.Password ?? "", timeout.Token);
            }

            await client.SendAsync(mail, timeout.Token);
            await client.DisconnectAsync(quit: true, timeout.Token);
        }
        catch (SmtpCommandException refused) when ((int)refused.StatusCode >= 500)
        {
            // A 5xx is the server's final word on this message (a recipient it will not take, a message it refuses);
            // a 4xx (busy, greylisted) is worth another try. The server's text quotes the address: not passed on.
            throw new NotificationRejectedException($"the mail server refused the message ({(int)refused.StatusCode} {refused.ErrorCode})");
        }
    }
}
