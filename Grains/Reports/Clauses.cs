namespace FieldService.Grains.Reports;

/// <summary>The names of the report lines: the regulation's clause IDs, with E2 split into its two deadlines.</summary>
public static class Clauses
{
    public const string P2 = "P2";
    public const string P3 = "P3";
    public const string P4 = "P4";
    public const string E2Contact = "E2-contact";
    public const string E2Arrival = "E2-arrival";
    public const string P9 = "P9";
    public const string Q3 = "Q3";
    public const string M3 = "M3";
    public const string Q4 = "Q4";

    /// <summary>Every line of the compliance report, in its order.</summary>
    public static IReadOnlyList<string> All { get; } = [P2, P3, P4, E2Contact, E2Arrival, P9, Q3, M3, Q4];
}
