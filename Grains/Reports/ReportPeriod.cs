using FieldService.Grains.Common;

namespace FieldService.Grains.Reports;

/// <summary>The period every report covers: [from, to), both required, at most <see cref="MaxDays"/> days.</summary>
public static class ReportPeriod
{
    /// <summary>A year, leap day included: the longest period whose entries a report reads in one go.</summary>
    public const int MaxDays = 366;

    public static Failure? Validate(DateTimeOffset? from, DateTimeOffset? to)
    {
        var v = new Validation();
        if (from is null)
        {
            v.Add("from", "is required (ISO 8601 date and time)");
        }

        if (to is null)
        {
            v.Add("to", "is required (ISO 8601 date and time)");
        }

        if (from is { } f && to is { } t)
        {
            if (t <= f)
            {
                v.Add("to", "must be after from");
            }
            else if (t - f > TimeSpan.FromDays(MaxDays))
            {
                v.Add("to", $"the period must be at most {MaxDays} days");
            }
        }

        return v.ToFailure();
    }
}
