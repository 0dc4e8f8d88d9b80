using System.Text;
using FieldService.Grains.Intake;
using FieldService.Intake;
using FieldService.WorkOrders;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace FieldService.Silo.Intake;

/// <summary>The intake mailbox over IMAP (MailKit): one connection per reading, the folder opened read-write, messages
/// found by the absence of the processed keyword (a person reading the mailbox may mark mail seen or unseen freely).</summary>
public sealed class ImapMailbox(IOptions<MailIntakeOptions> options, TimeProvider time, ILogger<ImapMailbox> logger) : IMailbox
{
    public async Task<IMailboxSession> OpenAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var client = new ImapClient { Timeout = (int)o.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(o.Host!, o.Port, SocketOptionsOf(o.Security), cancellationToken);
            // Enabled and validated: host, user and password are set.
            await client.AuthenticateAsync(o.User!, o.Password!, cancellationToken);
            var folder = string.Equals(o.Folder, "INBOX", StringComparison.OrdinalIgnoreCase)
                ? client.Inbox
                : await client.GetFolderAsync(o.Folder, cancellationToken);
            await folder.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
            logger.LogDebug("Reading the intake mailbox {Mailbox}", o.ToString());
            return new Session(client, folder, o, time);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private static SecureSocketOptions SocketOptionsOf(MailSecurity security) => security switch
    {
        MailSecurity.None => SecureSocketOptions.None,
        MailSecurity.StartTls => SecureSocketOptions.StartTls,
        MailSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };

    private sealed class Session(ImapClient client, IMailFolder folder, MailIntakeOptions o, TimeProvider time) : IMailboxSession
    {
        public async Task<IReadOnlyList<uint>> UnprocessedAsync(CancellationToken cancellationToken)
        {
            var ids = await folder.SearchAsync(SearchQuery.NotKeyword(o.ProcessedKeyword), cancellationToken);
            return ids.Select(u => u.Id).Order().ToList();
        }

        public async Task<InboundMessage> ReadAsync(uint id, CancellationToken cancellationToken)
        {
            using var raw = new MemoryStream();
            await using (var stream = await folder.GetStreamAsync(new UniqueId(id), cancellationToken))
            {
                await stream.CopyToAsync(raw, cancellationToken);
            }

            var bytes = raw.ToArray();
            // Without a Message-ID of its own a mail is named by its place in this folder (stable while the folder's
            // UIDVALIDITY is), so it still makes one order however often it is read.
            var fallbackId = $"{folder.UidValidity}.{id}@{o.Folder}.{o.Host}";
            try
            {
                raw.Position = 0;
                var mime = await MimeMessage.LoadAsync(raw, cancellationToken);
                return MailReading.Read(mime, bytes, fallbackId, Source, time.GetUtcNow());
            }
            catch (FormatException error)
            {
                return MailReading.Unreadable(bytes, fallbackId, Source, $"not a mail message ({error.Message})", time.GetUtcNow());
            }
        }

        private string Source => $"{o.User}@{o.Host}/{o.Folder}";

        public Task MarkProcessedAsync(uint id, CancellationToken cancellationToken) =>
            folder.StoreAsync(new UniqueId(id), new StoreFlagsRequest(StoreAction.Add, MessageFlags.Seen)
            {
                Keywords = { o.ProcessedKeyword },
                Silent = true,
            }, cancellationToken);

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (client.IsConnected)
                {
                    await client.DisconnectAsync(true);
                }
            }
            finally
            {
                client.Dispose();
            }
        }
    }
}

/// <summary>What intake takes from a parsed mail: the sender, subject, text and attached files.</summary>
public static class MailReading
{
    public const string OriginalFileName = "original.eml";

    public static InboundMessage Read(MimeMessage mime, byte[] raw, string fallbackId, string source, DateTimeOffset now)
    {
        var messageId = string.IsNullOrWhiteSpace(mime.MessageId) ? fallbackId : mime.MessageId.Trim();
        var sender = mime.From.Mailboxes.FirstOrDefault() ?? mime.Sender;
        var text = mime.TextBody ?? TextOfHtml(mime.HtmlBody);
        if (sender is null || string.IsNullOrWhiteSpace(sender.Address) || !sender.Address.Contains('@'))
        {
            return Unreadable(raw, messageId, source, "no sender address", now);
        }

        if (string.IsNullOrWhiteSpace(text) && string.IsNullOrWhiteSpace(mime.Subject))
        {
            return Unreadable(raw, messageId, source, "no subject and no text", now);
        }

        var files = mime.Attachments.OfType<MimePart>().Select(part =>
        {
            using var content = new MemoryStream();
            part.Content?.DecodeTo(content);
            return new InboundAttachment(part.FileName, part.ContentType.MimeType, content.ToArray());
        }).ToList();
        return new InboundMessage(
            Channel.Email, source, messageId, string.IsNullOrWhiteSpace(sender.Name) ? null : sender.Name.Trim(), sender.Address.Trim(), null,
            mime.Subject, text ?? "", now, files, Language: ContentLanguage(mime));
    }

    /// <summary>A message intake cannot read: its start as text for the agent, the whole of it as a file.</summary>
    public static InboundMessage Unreadable(byte[] raw, string messageId, string source, string why, DateTimeOffset now)
    {
        var text = Encoding.UTF8.GetString(raw, 0, Math.Min(raw.Length, InboundMessage.MaxText));
        var printable = new string(text.Select(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t') ? '?' : c).ToArray());
        return new InboundMessage(Channel.Email, source, messageId, null, null, null, null, printable, now,
            [new InboundAttachment(OriginalFileName, "message/rfc822", raw)], Unreadable: why);
    }

    /// <summary>The message's Content-Language, else its text part's (where a mail program may put it instead).</summary>
    private static string? ContentLanguage(MimeMessage mime) =>
        new[] { mime.Headers[HeaderId.ContentLanguage], mime.Body?.Headers[HeaderId.ContentLanguage], mime.BodyParts.OfType<TextPart>().FirstOrDefault()?.Headers[HeaderId.ContentLanguage] }
            .FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

    /// <summary>An HTML-only mail's words, for the fault description (the markup itself is not kept as text).</summary>
    private static string? TextOfHtml(string? html) =>
        html is null ? null : System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(html, "<[^>]*>", " ")).Trim();
}
