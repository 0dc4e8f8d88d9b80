using Microsoft.Extensions.Options;

namespace FieldService.Grains.Dispatching;

/// <summary>How automatic dispatch weighs technicians (section <c>Dispatch</c>). A candidate's score is in minutes:
/// travel time, plus <see cref="DispatchWeights.Load"/> minutes for a full load (pro rata), plus
/// <see cref="DispatchWeights.SkillMargin"/> minutes per level of skill above the need (experts are kept for the
/// hard jobs). Emergencies weigh travel by <see cref="DispatchWeights.EmergencyTravel"/> and ignore the other terms.</summary>
public sealed class DispatchOptions
{
    public const string SectionName = "Dispatch";

    /// <summary>Whether orders go out automatically when they need a technician. Off: only orders a dispatcher
    /// asks dispatch to place (<c>dispatch</c> without a technician) are placed automatically.</summary>
    public bool Automatic { get; set; } = true;

    /// <summary>Average travel speed for the great-circle distance, km/h.</summary>
    public double SpeedKmh { get; set; } = 40;

    /// <summary>Travel assumed when the customer's position is unknown, minutes.</summary>
    public double UnknownTravelMinutes { get; set; } = 60;

    public DispatchWeights Weights { get; set; } = new();

    /// <summary>Regions whose technicians may also serve a region (each pair works both ways).</summary>
    public Dictionary<string, List<string>> Neighbours { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How often a waiting order reminds its dispatcher (a safety net; freed technicians trigger dispatch at once).</summary>
    public TimeSpan RetryEvery { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a round waits after the latest request, so that orders arriving together are weighed
    /// together (a better total than placing them one by one). Emergencies never wait for it.</summary>
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest a round waits for a burst to end, from its first request. A burst cut short is placed
    /// in two rounds, the first blind to the second (what it places stays placed), so this is generous: seconds,
    /// where P2 allows an hour.</summary>
    public TimeSpan BatchWindowMax { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Most waiting orders weighed together in one round.</summary>
    public int MaxBatch { get; set; } = 20000;

    /// <summary>Most candidates a decision records (the best ones; the excluded are summarised by rule).</summary>
    public int CandidatesRecorded { get; set; } = 20;

    /// <summary>The regions whose technicians may serve <paramref name="region"/>: itself and its neighbours.</summary>
    public IReadOnlySet<string> ServingRegions(string region)
    {
        var regions = new HashSet<string>(StringComparer.Ordinal) { region };
        foreach (var (from, to) in Neighbours)
        {
            if (from == region)
            {
                regions.UnionWith(to);
            }
            else if (to.Contains(region))
            {
                regions.Add(from);
            }
        }

        return regions;
    }
}

public sealed class DispatchWeights
{
    public double Travel { get; set; } = 1;
    public double Load { get; set; } = 10;
    public double SkillMargin { get; set; } = 2;
    public double EmergencyTravel { get; set; } = 2;
}

public sealed class DispatchOptionsValidator : IValidateOptions<DispatchOptions>
{
    public ValidateOptionsResult Validate(string? name, DispatchOptions options)
    {
        var errors = new List<string>();
        if (options.SpeedKmh is <= 0 or > 300)
        {
            errors.Add("Dispatch:SpeedKmh must be above 0 and at most 300.");
        }

        if (options.UnknownTravelMinutes is < 0 or > 24 * 60)
        {
            errors.Add("Dispatch:UnknownTravelMinutes must be between 0 and 1440.");
        }

        var w = options.Weights;
        if (new[] { w.Travel, w.Load, w.SkillMargin, w.EmergencyTravel }.Any(x => x < 0 || double.IsNaN(x) || x > 1000))
        {
            errors.Add("Dispatch:Weights must be between 0 and 1000.");
        }

        if (w.Travel == 0 && w.EmergencyTravel == 0)
        {
            errors.Add("Dispatch:Weights:Travel or EmergencyTravel must be above 0.");
        }

        if (options.RetryEvery < TimeSpan.FromMinutes(1))
        {
            errors.Add("Dispatch:RetryEvery must be at least one minute (a reminder's shortest period).");
        }

        if (options.BatchWindow < TimeSpan.Zero || options.BatchWindow > TimeSpan.FromSeconds(10))
        {
            errors.Add("Dispatch:BatchWindow must be between 0 and 10 seconds.");
        }

        if (options.BatchWindowMax < options.BatchWindow || options.BatchWindowMax > TimeSpan.FromMinutes(1))
        {
            errors.Add("Dispatch:BatchWindowMax must be between Dispatch:BatchWindow and one minute.");
        }

        if (options.MaxBatch is < 1 or > 50000)
        {
            errors.Add("Dispatch:MaxBatch must be between 1 and 50000.");
        }

        if (options.CandidatesRecorded is < 1 or > 500)
        {
            errors.Add("Dispatch:CandidatesRecorded must be between 1 and 500.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
