using FieldService.Notifications;
using Microsoft.Extensions.Options;

namespace FieldService.Grains.Notifications;

/// <summary>How customer notices are delivered (section <c>Notifications</c>): the default language, how often and how
/// patiently a failed send is tried again. The gateways themselves (<c>Notifications:Smtp</c>, <c>Notifications:Sms</c>)
/// are the silo's to configure.</summary>
public sealed class NotificationOptions
{
    public const string SectionName = "Notifications";
    public const string DefaultLanguageDefault = NotificationLanguages.Chinese;
    public const int DefaultMaxAttempts = 6;
    public static readonly TimeSpan DefaultRetryFirst = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultRetryLongest = TimeSpan.FromMinutes(30);
    public const string DefaultMessageIdDomain = "fieldservice.invalid";

    /// <summary>The language of a customer whose order names none (<c>zh-CN</c> or <c>en</c>).</summary>
    public string DefaultLanguage { get; set; } = DefaultLanguageDefault;

    /// <summary>Tries per notice before it is recorded as failed (agents then phone the customer).</summary>
    public int MaxAttempts { get; set; } = DefaultMaxAttempts;

    /// <summary>Wait after the first failed try; it doubles with each further failure, up to <see cref="RetryLongest"/>.</summary>
    public TimeSpan RetryFirst { get; set; } = DefaultRetryFirst;

    public TimeSpan RetryLongest { get; set; } = DefaultRetryLongest;

    /// <summary>The right-hand side of every Message-ID (and SMS request id): a domain the operator owns.</summary>
    public string MessageIdDomain { get; set; } = DefaultMessageIdDomain;

    /// <summary>The wait after <paramref name="failedAttempts"/> failed tries in a row.</summary>
    public TimeSpan RetryAfter(int failedAttempts) =>
        TimeSpan.FromTicks(Math.Min(RetryLongest.Ticks, RetryFirst.Ticks << Math.Clamp(failedAttempts - 1, 0, 20)));
}

public sealed class NotificationOptionsValidator : IValidateOptions<NotificationOptions>
{
    public ValidateOptionsResult Validate(string? name, NotificationOptions options)
    {
        var failures = new List<string>();
        if (NotificationLanguages.Normalize(options.DefaultLanguage) is null)
        {
            failures.Add($"Notifications:DefaultLanguage must be one of {string.Join(", ", NotificationLanguages.All)} (was '{options.DefaultLanguage}').");
        }

        if (options.MaxAttempts is < 1 or > 100)
        {
            failures.Add($"Notifications:MaxAttempts must be between 1 and 100 (was {options.MaxAttempts}).");
        }

        if (options.RetryFirst <= TimeSpan.Zero || options.RetryLongest < options.RetryFirst)
        {
            failures.Add("Notifications:RetryFirst must be positive and Notifications:RetryLongest at least as long.");
        }

        if (string.IsNullOrWhiteSpace(options.MessageIdDomain) || !options.MessageIdDomain.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-'))
        {
            failures.Add($"Notifications:MessageIdDomain must be a domain name (was '{options.MessageIdDomain}').");
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
