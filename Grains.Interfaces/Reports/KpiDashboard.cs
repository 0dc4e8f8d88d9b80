namespace FieldService.Reports;

/// <summary>The managers' and auditors' dashboard: the figures of [From, To) as a whole and per bucket. The whole
/// period's <see cref="KpiFigures.Compliance"/> equals <c>GET /api/reports/compliance</c> for the same period and region.</summary>
/// <param name="Region">The region the figures were limited to, or null for every region.</param>
[GenerateSerializer, Immutable, Alias("fs.KpiDashboard")]
public sealed record KpiDashboard(
    [property: Id(0)] DateTimeOffset From,
    [property: Id(1)] DateTimeOffset To,
    [property: Id(2)] string? Region,
    [property: Id(3)] KpiBucket Bucket,
    [property: Id(4)] KpiFigures Period,
    [property: Id(5)] IReadOnlyList<KpiFigures> Buckets);
