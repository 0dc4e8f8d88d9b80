using FieldService.Grains.Intake;
using FieldService.Intake;

namespace FieldService.Tests.Infrastructure;

/// <summary>The real mailbox, except that the first mark fails as if the silo had died just before it.</summary>
public sealed class CrashBeforeMarking
{
    public const string Message = "the silo died before marking the mail";

    private int crashes = 1;

    public IMailbox Around(IMailbox real) => new Mailbox(real, this);

    private sealed class Mailbox(IMailbox real, CrashBeforeMarking crash) : IMailbox
    {
        public async Task<IMailboxSession> OpenAsync(CancellationToken cancellationToken) => new Session(await real.OpenAsync(cancellationToken), crash);
    }

    private sealed class Session(IMailboxSession real, CrashBeforeMarking crash) : IMailboxSession
    {
        public Task<IReadOnlyList<uint>> UnprocessedAsync(CancellationToken cancellationToken) => real.UnprocessedAsync(cancellationToken);

        public Task<InboundMessage> ReadAsync(uint id, CancellationToken cancellationToken) => real.ReadAsync(id, cancellationToken);

        public Task MarkProcessedAsync(uint id, CancellationToken cancellationToken) =>
            Interlocked.Decrement(ref crash.crashes) >= 0 ? throw new IOException(Message) : real.MarkProcessedAsync(id, cancellationToken);

        public ValueTask DisposeAsync() => real.DisposeAsync();
    }
}
