namespace FieldService.Reports;

/// <summary>How the dashboard cuts its period into buckets: calendar days, ISO weeks (from Monday) or calendar months,
/// all in UTC. The first and last buckets are cut at the period's own ends.</summary>
public enum KpiBucket
{
    Day,
    Week,
    Month,
}
