namespace FieldService.Reports;

/// <summary>Gathers audit entries for a period and computes the S1 and H2 reports from them, and from nothing else.
/// The period is [from, to), already validated by the caller.</summary>
/// <remarks>A report over a long period reads every audit entry of it, the slowest legitimate call of the platform:
/// its methods wait up to <see cref="ReportTimeout"/>, beyond the cluster's short default response timeout.</remarks>
[Alias("fs.IReportsGrain")]
public interface IReportsGrain : IGrainWithIntegerKey
{
    /// <summary>A year of audit entries (the longest period a report covers), with margin.</summary>
    const string ReportTimeout = "00:02:00";

    /// <summary>S1: the compliance report for the orders reported in the period (in <paramref name="region"/>, if given).</summary>
    [ResponseTimeout(ReportTimeout)]
    Task<ComplianceReport> ComplianceAsync(DateTimeOffset from, DateTimeOffset to, string? region);

    /// <summary>S1/H2: the managers' dashboard for the period and each of its buckets (in <paramref name="region"/>, if given).</summary>
    [ResponseTimeout(ReportTimeout)]
    Task<KpiDashboard> KpisAsync(DateTimeOffset from, DateTimeOffset to, string? region, KpiBucket bucket);

    /// <summary>H2: one technician's assessment for the period.</summary>
    [ResponseTimeout(ReportTimeout)]
    Task<TechnicianAssessment> AssessmentAsync(string technicianId, DateTimeOffset from, DateTimeOffset to);

    /// <summary>H2: every technician active in the period (of <paramref name="region"/>, if given), ranked.</summary>
    [ResponseTimeout(ReportTimeout)]
    Task<TechnicianRanking> RankingAsync(DateTimeOffset from, DateTimeOffset to, string? region);
}
