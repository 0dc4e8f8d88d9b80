namespace FieldService.Intake;

/// <summary>CS1: the intake mailbox's reader, one per mailbox (keyed by its name, <see cref="Default"/>). A reminder
/// wakes it, so exactly one silo of the cluster reads the mailbox at a time and a lost silo's reading resumes on another.</summary>
[Alias("fs.IMailboxGrain")]
public interface IMailboxGrain : IGrainWithStringKey
{
    public const string Default = "intake";

    /// <summary>Registers the reminder that keeps the mailbox read (idempotent).</summary>
    Task StartAsync();

    /// <summary>Reads the mailbox once now: every message not yet marked processed is received, then marked.</summary>
    Task<MailboxPoll> PollAsync();
}
