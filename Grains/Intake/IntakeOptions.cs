using Microsoft.Extensions.Options;

namespace FieldService.Grains.Intake;

/// <summary>CS1 intake settings (section <c>Intake</c>): where a mail or chat report from someone with no earlier order
/// goes until an agent triages it.</summary>
public sealed class IntakeOptions
{
    public const string SectionName = "Intake";

    /// <summary>The region whose triage queue receives reports from unknown senders.</summary>
    public string DefaultRegion { get; set; } = "north";

    /// <summary>The skill (and product category) an unknown sender's fault is filed under until triage says better.</summary>
    public string DefaultSkill { get; set; } = "general";

    /// <summary>What stands for details a message does not give (the address, the product), for the agent to fill in.</summary>
    public string ToBeConfirmed { get; set; } = "(to be confirmed)";
}

public sealed class IntakeOptionsValidator : IValidateOptions<IntakeOptions>
{
    public ValidateOptionsResult Validate(string? name, IntakeOptions options)
    {
        var failures = new List<string>();
        if (!FieldService.Validation.IsIdentifier(options.DefaultRegion))
        {
            failures.Add("Intake:DefaultRegion must be a region id (letters, digits, '-', '_', '.').");
        }

        if (string.IsNullOrWhiteSpace(options.DefaultSkill) || options.DefaultSkill.Length > 64)
        {
            failures.Add("Intake:DefaultSkill must be 1–64 characters.");
        }

        if (string.IsNullOrWhiteSpace(options.ToBeConfirmed))
        {
            failures.Add("Intake:ToBeConfirmed must not be empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
