using Microsoft.Extensions.Options;

namespace FieldService.Grains.Intake;

/// <summary>How the intake mailbox is secured on the wire (MailKit's choices, by name).</summary>
public enum MailSecurity
{
    /// <summary>TLS on connect for port 993, STARTTLS when the server offers it otherwise.</summary>
    Auto,
    /// <summary>Plain text: only for a server on the same machine or a test.</summary>
    None,
    StartTls,
    SslOnConnect,
}

/// <summary>CS1: the intake mailbox read over IMAP (section <c>Intake:Mail</c>). With no <see cref="Host"/> no mailbox
/// is read.</summary>
public sealed class MailIntakeOptions
{
    public const string SectionName = "Intake:Mail";

    /// <summary>Shortest poll interval: the clocks' reminder period is the floor Orleans lets a reminder tick at.</summary>
    public static readonly TimeSpan MinimumPollInterval = TimeSpan.FromSeconds(5);

    public string? Host { get; set; }

    public int Port { get; set; } = 993;

    public MailSecurity Security { get; set; } = MailSecurity.Auto;

    public string? User { get; set; }

    /// <summary>Secret: never logged, and printed as <c>***</c>.</summary>
    public string? Password { get; set; }

    public string Folder { get; set; } = "INBOX";

    /// <summary>How often the mailbox is read (a reminder, so a lost silo's reading resumes on another).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The IMAP keyword a message is marked with once its order is durable; messages without it are read.</summary>
    public string ProcessedKeyword { get; set; } = "$FieldServiceIntake";

    /// <summary>How long one IMAP command may take before the reading gives up until the next tick.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    public override string ToString() =>
        $"imap{(Security == MailSecurity.None ? "" : "s")}://{User}:***@{Host}:{Port}/{Folder} every {PollInterval}";
}

public sealed class MailIntakeOptionsValidator : IValidateOptions<MailIntakeOptions>
{
    public ValidateOptionsResult Validate(string? name, MailIntakeOptions o)
    {
        if (!o.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (o.Port is < 1 or > 65535)
        {
            failures.Add("Intake:Mail:Port must be 1–65535.");
        }

        if (string.IsNullOrWhiteSpace(o.User) || string.IsNullOrEmpty(o.Password))
        {
            failures.Add("Intake:Mail:User and Intake:Mail:Password are required when Intake:Mail:Host is set.");
        }

        if (string.IsNullOrWhiteSpace(o.Folder))
        {
            failures.Add("Intake:Mail:Folder must name a folder.");
        }

        if (o.PollInterval < MailIntakeOptions.MinimumPollInterval)
        {
            failures.Add($"Intake:Mail:PollInterval must be at least {MailIntakeOptions.MinimumPollInterval}.");
        }

        // RFC 3501 atom: no spaces, parentheses, braces, quotes, backslashes, '%', '*', ']' or controls.
        if (string.IsNullOrEmpty(o.ProcessedKeyword) || o.ProcessedKeyword.Any(c => c <= ' ' || c >= 127 || "(){%*\"\\]".Contains(c)))
        {
            failures.Add("Intake:Mail:ProcessedKeyword must be an IMAP keyword (an atom such as $FieldServiceIntake).");
        }

        if (o.Timeout <= TimeSpan.Zero)
        {
            failures.Add("Intake:Mail:Timeout must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
