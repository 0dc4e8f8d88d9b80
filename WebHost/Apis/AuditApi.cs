using FieldService.Audit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FieldService.WebHost.Apis;

/// <summary>The audit trail (S1): every recorded change, by time range, work order and technician.</summary>
public static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/audit").WithTags("Audit");
        api.MapGet("", QueryAsync).WithName("QueryAudit")
            .WithSummary("Audit entries in [from, to), optionally of one work order and/or technician, oldest first");
        return api;
    }

    private static async Task<Results<Ok<PageResponse<AuditEntry>>, ProblemHttpResult>> QueryAsync(
        DateTimeOffset? from, DateTimeOffset? to, string? workOrderId, string? technicianId, int? page, int? pageSize, IGrainFactory grains)
    {
        var v = new Validation().Period(from, to);
        var paging = Paging.Read(page, pageSize, v);
        if (v.ToFailure() is { } invalid)
        {
            return Problems.From(invalid);
        }

        var query = new AuditQuery(from, to, Paging.Filter(workOrderId), Paging.Filter(technicianId), paging.Page, paging.PageSize);
        return TypedResults.Ok(PageResponse<AuditEntry>.Of(await grains.GetGrain<IAuditTrailGrain>(0).QueryAsync(query)));
    }
}
