using System.Security.Cryptography;
using System.Text;
using FieldService.Quality;
using FieldService.WorkOrders;

namespace FieldService.Grains.Quality;

/// <summary>
/// Q3's sampling rule, pure and deterministic: given the tallies of the completing technician and region, whether the
/// completion is inspected. A completion is inspected when, for its technician or its region,
/// <list type="number">
/// <item>not inspecting it would bring the running inspected share below the minimum (10%), or</item>
/// <item>the last <c>window − 1</c> completions were all left uninspected (window = 100 / minimum: so every run of
/// 10 consecutive completions holds an inspection), or</item>
/// <item>the order's draw — the first bytes of SHA-256 of its id, as a number in [0, 1) — is
/// below the draw rate (so a technician cannot tell which repair will be looked at).</item>
/// </list>
/// Critical and reworked repairs are always inspected and are not part of this population.
/// </summary>
public static class SamplingRules
{
    public static InspectionRequirement Decide(
        string workOrderId, SamplingTally technician, SamplingTally region, SamplingOptions options, DateTimeOffset now)
    {
        if (options.Sampling == SamplingMode.Always)
        {
            return Sampled("every completion is inspected (Quality:Sampling = Always)", new InspectionTrace("always"), now);
        }

        var minimum = options.MinimumShare;
        var window = options.Window;
        foreach (var tally in new[] { technician, region })
        {
            var shareIfSkipped = (double)tally.Inspected / (tally.Completed + 1);
            if (shareIfSkipped < minimum)
            {
                return Sampled($"{tally.Scope}: without it {tally.Inspected} of {tally.Completed + 1} would be inspected ({shareIfSkipped:P1} < {minimum:P0})",
                    new InspectionTrace("share", tally.Scope, tally.Inspected, tally.Completed + 1, shareIfSkipped, minimum), now);
            }

            if (tally.SinceLastInspection >= window - 1)
            {
                return Sampled($"{tally.Scope}: the last {tally.SinceLastInspection} completions were not inspected",
                    new InspectionTrace("run", tally.Scope, Run: tally.SinceLastInspection), now);
            }
        }

        var draw = Draw(workOrderId);
        return draw < options.DrawRate
            ? Sampled($"draw {draw:0.0000} < {options.DrawRate:0.00}", new InspectionTrace("draw", Draw: draw, DrawRate: options.DrawRate), now)
            : new InspectionRequirement(InspectionReason.NotSampled,
                $"draw {draw:0.0000}; {technician.Scope} {technician.Inspected}/{technician.Completed}, {region.Scope} {region.Inspected}/{region.Completed} inspected", now,
                new InspectionTrace("not-sampled", Draw: draw, DrawRate: options.DrawRate));
    }

    /// <summary>The tally after one more completion, inspected or not.</summary>
    public static SamplingTally Count(SamplingTally tally, bool inspected) => tally with
    {
        Completed = tally.Completed + 1,
        Inspected = tally.Inspected + (inspected ? 1 : 0),
        SinceLastInspection = inspected ? 0 : tally.SinceLastInspection + 1,
    };

    /// <summary>A reproducible number in [0, 1) for an order: anyone can recompute it.</summary>
    public static double Draw(string workOrderId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"fieldservice/q3-sampling/{workOrderId}"));
        return (BitConverter.ToUInt64(hash, 0) >> 11) / (double)(1UL << 53);
    }

    public static string TechnicianScope(string technicianId) => "technician:" + technicianId;

    public static string RegionScope(string region) => "region:" + region;

    private static InspectionRequirement Sampled(string why, InspectionTrace trace, DateTimeOffset now) => new(InspectionReason.Sampled, why, now, trace);
}

/// <summary>Q3: the sampling rule's settings (section <c>Quality</c>).</summary>
public sealed class SamplingOptions
{
    public const string SectionName = "Quality";

    /// <summary>The share of each technician's and each region's completions that is inspected at least (Q3: 10%).</summary>
    public double MinimumShare { get; set; } = 0.10;

    /// <summary>The chance of any other completion being drawn for inspection, on top of the minimum.</summary>
    public double DrawRate { get; set; } = 0.05;

    /// <summary>The run of consecutive completions that always holds an inspection: 100% / minimum share.</summary>
    public int Window => (int)Math.Ceiling(1 / MinimumShare - 1e-9);

    /// <summary>Whether the rule decides (the default) or every completion is inspected. <c>Always</c> is for a
    /// deployment that inspects everything, and for tests: a walk then takes one path whatever completions came
    /// before it, since the rule's tallies span every completion of a region.</summary>
    public SamplingMode Sampling { get; set; } = SamplingMode.Rule;
}

/// <summary>Q3: who decides whether a completion outside the 100% classes is inspected.</summary>
public enum SamplingMode
{
    /// <summary>The sampling rule (<see cref="SamplingRules"/>).</summary>
    Rule,

    /// <summary>Every completion (above the minimum share, so still within Q3).</summary>
    Always,
}

public sealed class SamplingOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<SamplingOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, SamplingOptions options)
    {
        var problems = new List<string>();
        if (options.MinimumShare is < 0.10 or > 1)
        {
            problems.Add("Quality:MinimumShare must be between 0.10 (the regulation's minimum, Q3) and 1.");
        }

        if (options.DrawRate is < 0 or > 1)
        {
            problems.Add("Quality:DrawRate must be between 0 and 1.");
        }

        if (!Enum.IsDefined(options.Sampling))
        {
            problems.Add($"Quality:Sampling must be one of {string.Join(", ", Enum.GetNames<SamplingMode>())}.");
        }

        return problems.Count == 0 ? Microsoft.Extensions.Options.ValidateOptionsResult.Success : Microsoft.Extensions.Options.ValidateOptionsResult.Fail(problems);
    }
}
