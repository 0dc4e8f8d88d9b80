using FieldService.Attachments;
using Microsoft.Extensions.Options;

namespace FieldService.Silo.Hosting;

/// <summary>Fails the start naming the setting when an attachment limit cannot work.</summary>
public sealed class AttachmentOptionsValidator : IValidateOptions<AttachmentOptions>
{
    public ValidateOptionsResult Validate(string? name, AttachmentOptions options)
    {
        var failures = new List<string>();
        if (options.MaxBytes is < 1 or > AttachmentOptions.MaxBytesLimit)
        {
            failures.Add($"{AttachmentOptions.SectionName}:MaxBytes must be between 1 and {AttachmentOptions.MaxBytesLimit} bytes (was {options.MaxBytes}).");
        }

        if (options.MaxPerOrder < 1)
        {
            failures.Add($"{AttachmentOptions.SectionName}:MaxPerOrder must be at least 1 (was {options.MaxPerOrder}).");
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
