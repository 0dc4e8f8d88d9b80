using Microsoft.Extensions.Options;

namespace FieldService.Silo.Notifications;

/// <summary>The SMS gateway customer notices are posted to (section <c>Notifications:Sms</c>; the contract is in
/// docs/notifications.md); without a <see cref="Url"/> no SMS is sent.</summary>
public sealed class SmsOptions
{
    public const string SectionName = "Notifications:Sms";
    public const int MinimumSecretBytes = 32;
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    public Uri? Url { get; set; }

    /// <summary>The HMAC-SHA256 key both sides hold (at least 32 bytes of UTF-8).</summary>
    [Redact]
    public string? Secret { get; set; }

    public TimeSpan Timeout { get; set; } = DefaultTimeout;

    public override string ToString() => $"Url={Url}, Secret={(Secret is null ? "(none)" : "(redacted)")}, Timeout={Timeout}";
}

public sealed class SmsOptionsValidator : IValidateOptions<SmsOptions>
{
    public ValidateOptionsResult Validate(string? name, SmsOptions options)
    {
        if (options.Url is null)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (!options.Url.IsAbsoluteUri || options.Url.Scheme is not ("https" or "http"))
        {
            failures.Add($"Notifications:Sms:Url must be an absolute http(s) URL (was '{options.Url}').");
        }
        else if (options.Url.Scheme == "http" && !options.Url.IsLoopback)
        {
            failures.Add("Notifications:Sms:Url must use https unless the gateway is on this host: the body carries the customer's number.");
        }

        if (System.Text.Encoding.UTF8.GetByteCount(options.Secret ?? "") < SmsOptions.MinimumSecretBytes)
        {
            failures.Add($"Notifications:Sms:Secret must be at least {SmsOptions.MinimumSecretBytes} bytes when Notifications:Sms:Url is set.");
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            failures.Add("Notifications:Sms:Timeout must be positive.");
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
