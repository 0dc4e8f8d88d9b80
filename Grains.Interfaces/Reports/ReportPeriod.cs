
namespace FieldService.Reports;

/// <summary>The period every report covers: [from, to), both required, at most <see cref="MaxDays"/> days.</summary>
public static class ReportPeriod
{
    /// <summary>A year, leap day included: the longest period whose entries a report reads in one go.</summary>
    public const int MaxDays = 366;

    /// <summary>Adds to <paramref name="v"/> what is wrong with the period, naming <c>from</c> and <c>to</c>.</summary>
    public static Validation Check(DateTimeOffset? from, DateTimeOffset? to, Validation v)
    {
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

        return v;
    }
}
