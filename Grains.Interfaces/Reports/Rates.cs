namespace FieldService.Reports;

/// <summary>How every share in the reports is formed, so that a reader can recompute it.</summary>
public static class Rates
{
    /// <summary><paramref name="part"/> over <paramref name="whole"/>, rounded to four decimals; null when nothing was counted.</summary>
    public static double? Of(int part, int whole) => whole == 0 ? null : Math.Round((double)part / whole, 4);

    /// <summary>The same for measured amounts (minutes): null when <paramref name="whole"/> is not positive.</summary>
    public static double? Of(double part, double whole) => whole <= 0 ? null : Math.Round(part / whole, 4);
}
