namespace FieldService.Reports;

/// <summary>Gathers audit entries for a period and computes the S1 and H2 reports from them, and from nothing else.
/// The period is [from, to), already validated by the caller.</summary>
[Alias("fs.IReportsGrain")]
public interface IReportsGrain : IGrainWithIntegerKey
{
    /// <summary>S1: the compliance report for the orders reported in the period.</summary>
    Task<ComplianceReport> ComplianceAsync(DateTimeOffset from, DateTimeOffset to);

    /// <summary>H2: one technician's assessment for the period.</summary>
    Task<TechnicianAssessment> AssessmentAsync(string technicianId, DateTimeOffset from, DateTimeOffset to);

    /// <summary>H2: every technician active in the period (of <paramref name="region"/>, if given), ranked.</summary>
    Task<TechnicianRanking> RankingAsync(DateTimeOffset from, DateTimeOffset to, string? region);
}
