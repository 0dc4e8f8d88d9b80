using FieldService.Reports;
using FieldService.Technicians;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FieldService.WebHost.Apis;

/// <summary>S1 and H2 reports, computed from the audit trail only (docs/reports.md): compliance per clause, a
/// technician's assessment, and the managers' ranking. Every report covers [from, to).</summary>
public static class ReportsApi
{
    public static RouteGroupBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api").WithTags("Reports");
        api.MapGet("reports/compliance", ComplianceAsync).WithName("GetComplianceReport")
            .WithSummary("S1: per clause, the orders reported in [from, to) (optionally in one region) that met, breached or still run it; JSON, or CSV with format=csv or Accept: text/csv");
        api.MapGet("reports/kpis", KpisAsync).WithName("GetKpiDashboard")
            .WithSummary("S1/H2: the dashboard's figures for [from, to) and per day, week or month: compliance per clause, first-time fix, repair time, inspections, satisfaction, complaints, utilisation");
        api.MapGet("reports/technicians", RankingAsync).WithName("GetTechnicianRanking")
            .WithSummary("H2: every technician active in [from, to), optionally of one region, ranked by a composite score");
        api.MapGet("technicians/{id}/assessment", AssessmentAsync).WithName("GetTechnicianAssessment")
            .WithSummary("H2: a technician's performance, repair quality and service in [from, to); a technician reads only their own");
        return api;
    }

    private static async Task<Results<Ok<ComplianceReport>, ContentHttpResult, ProblemHttpResult>> ComplianceAsync(
        DateTimeOffset? from, DateTimeOffset? to, string? region, string? format, HttpContext http, IGrainFactory grains)
    {
        var csv = format is "csv" || (format is null && http.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(ComplianceCsv.MediaType, StringComparison.OrdinalIgnoreCase)));
        if (format is not (null or "csv" or "json"))
        {
            return Problems.From(Failure.Invalid("format", "must be json or csv"));
        }

        region = Paging.Filter(region);
        if (Period(from, to, region).ToFailure() is { } invalid)
        {
            return Problems.From(invalid);
        }

        var report = await grains.GetGrain<IReportsGrain>(0).ComplianceAsync(from!.Value, to!.Value, region);
        return csv ? TypedResults.Text(ComplianceCsv.Write(report), ComplianceCsv.MediaType) : TypedResults.Ok(report);
    }

    private static async Task<Results<Ok<KpiDashboard>, ProblemHttpResult>> KpisAsync(
        DateTimeOffset? from, DateTimeOffset? to, string? region, string? bucket, IGrainFactory grains)
    {
        region = Paging.Filter(region);
        var v = Period(from, to, region);
        var cut = EnumField.Parse<KpiBucket>(bucket, "bucket", v, required: false) ?? KpiBucket.Day;
        if (v.ToFailure() is { } invalid)
        {
            return Problems.From(invalid);
        }

        return TypedResults.Ok(await grains.GetGrain<IReportsGrain>(0).KpisAsync(from!.Value, to!.Value, region, cut));
    }

    /// <summary>The period every report checks, and the region when one is asked for.</summary>
    private static Validation Period(DateTimeOffset? from, DateTimeOffset? to, string? region)
    {
        var v = ReportPeriod.Check(from, to, new Validation());
        if (region is not null)
        {
            v.Identifier("region", region);
        }

        return v;
    }

    private static async Task<Results<Ok<TechnicianAssessment>, ProblemHttpResult>> AssessmentAsync(
        string id, DateTimeOffset? from, DateTimeOffset? to, HttpContext http, IGrainFactory grains)
    {
        // Another technician's assessment is answered like an unknown technician's: no hint that it exists.
        var unknown = Problems.From(Failure.NotFound($"No technician {id}."));
        if (!Validation.IsIdentifier(id) || !TechnicianAccess.MayAccess(id, Actors.Of(http)))
        {
            return unknown;
        }

        if (ReportPeriod.Check(from, to, new Validation()).ToFailure() is { } invalid)
        {
            return Problems.From(invalid);
        }

        return await grains.GetGrain<ITechnicianGrain>(id).GetAsync() is null
            ? unknown
            : TypedResults.Ok(await grains.GetGrain<IReportsGrain>(0).AssessmentAsync(id, from!.Value, to!.Value));
    }

    private static async Task<Results<Ok<TechnicianRanking>, ProblemHttpResult>> RankingAsync(
        DateTimeOffset? from, DateTimeOffset? to, string? region, IGrainFactory grains)
    {
        region = Paging.Filter(region);
        if (Period(from, to, region).ToFailure() is { } invalid)
        {
            return Problems.From(invalid);
        }

        return TypedResults.Ok(await grains.GetGrain<IReportsGrain>(0).RankingAsync(from!.Value, to!.Value, region));
    }
}
