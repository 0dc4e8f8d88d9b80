using MailKit.Security;
using Microsoft.Extensions.Options;

namespace FieldService.Silo.Notifications;

/// <summary>The mail server customer notices are sent through (section <c>Notifications:Smtp</c>); without a
/// <see cref="Host"/> no mail is sent.</summary>
public sealed class SmtpOptions
{
    public const string SectionName = "Notifications:Smtp";
    public const int DefaultPort = 587;
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    public string? Host { get; set; }

    public int Port { get; set; } = DefaultPort;

    /// <summary>MailKit's <see cref="SecureSocketOptions"/>: <c>StartTls</c> (the default, port 587), <c>SslOnConnect</c>
    /// (port 465), <c>StartTlsWhenAvailable</c>, <c>Auto</c>, or <c>None</c> (a relay on the same host only).</summary>
    public SecureSocketOptions Tls { get; set; } = SecureSocketOptions.StartTls;

    /// <summary>The account to authenticate as; none: the server relays without authentication.</summary>
    public string? User { get; set; }

    [Redact]
    public string? Password { get; set; }

    /// <summary>The sender address, e.g. <c>FieldService &lt;service@example.com&gt;</c>.</summary>
    public string? From { get; set; }

    /// <summary>How long one try may take (connect, authenticate, send).</summary>
    public TimeSpan Timeout { get; set; } = DefaultTimeout;

    /// <summary>Printed without the password, whatever logs the options.</summary>
    public override string ToString() =>
        $"Host={Host}, Port={Port}, Tls={Tls}, User={User}, Password={(Password is null ? "(none)" : "(redacted)")}, From={From}";
}

public sealed class SmtpOptionsValidator : IValidateOptions<SmtpOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Host))
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (options.Port is < 1 or > 65535)
        {
            failures.Add($"Notifications:Smtp:Port must be a TCP port (was {options.Port}).");
        }

        if (string.IsNullOrWhiteSpace(options.From) || !MimeKit.MailboxAddress.TryParse(options.From, out _))
        {
            failures.Add("Notifications:Smtp:From must be the sender's address when Notifications:Smtp:Host is set.");
        }

        if (options.User is not null && string.IsNullOrEmpty(options.Password))
        {
            failures.Add("Notifications:Smtp:Password is required with Notifications:Smtp:User.");
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            failures.Add("Notifications:Smtp:Timeout must be positive.");
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
