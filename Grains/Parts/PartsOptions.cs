using Microsoft.Extensions.Options;

namespace FieldService.Grains.Parts;

/// <summary>Spare parts settings (section <c>Parts</c>): how often each part class is counted (M2).</summary>
public sealed class PartsOptions
{
    public const string SectionName = "Parts";

    public Dictionary<string, TimeSpan> CountEvery { get; set; } = new(StringComparer.Ordinal)
    {
        ["A"] = TimeSpan.FromDays(30),
        ["B"] = TimeSpan.FromDays(90),
        ["C"] = TimeSpan.FromDays(180),
    };

    public TimeSpan CountEveryFor(string partClass) => CountEvery.TryGetValue(partClass, out var every) ? every : TimeSpan.FromDays(90);
}

public sealed class PartsOptionsValidator : IValidateOptions<PartsOptions>
{
    public ValidateOptionsResult Validate(string? name, PartsOptions options) =>
        options.CountEvery.Any(c => c.Value < TimeSpan.FromHours(1) || c.Value > TimeSpan.FromDays(731))
            ? ValidateOptionsResult.Fail("Parts:CountEvery values must be between one hour and two years.")
            : ValidateOptionsResult.Success;
}
