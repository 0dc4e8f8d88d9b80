using FieldService.Intake;

namespace FieldService.Grains.Intake;

/// <summary>The intake mailbox as the mailbox grain reads it; the silo provides it (IMAP), so the grains know no mail
/// protocol.</summary>
public interface IMailbox
{
    /// <summary>Connects and opens the folder for one reading.</summary>
    Task<IMailboxSession> OpenAsync(CancellationToken cancellationToken);
}

/// <summary>One reading of the mailbox (one connection).</summary>
public interface IMailboxSession : IAsyncDisposable
{
    /// <summary>The messages not yet marked processed, oldest first (by their stable ids in the folder).</summary>
    Task<IReadOnlyList<uint>> UnprocessedAsync(CancellationToken cancellationToken);

    /// <summary>The message as intake understands it; one that cannot be parsed comes back with
    /// <see cref="InboundMessage.Unreadable"/> set and its raw bytes as an attachment, never as an error.</summary>
    Task<InboundMessage> ReadAsync(uint id, CancellationToken cancellationToken);

    /// <summary>Marks the message processed (only once its order is durable).</summary>
    Task MarkProcessedAsync(uint id, CancellationToken cancellationToken);
}

/// <summary>No mailbox configured: nothing to read.</summary>
public sealed class NoMailbox : IMailbox
{
    public Task<IMailboxSession> OpenAsync(CancellationToken cancellationToken) =>
        throw new InvalidOperationException("No intake mailbox is configured (Intake:Mail:Host).");
}
