using FieldService.TechnicalSupport;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FieldService.WebHost.Apis;

/// <summary>TS1: technical support's inbox across orders. Asking and answering stay steps of the order
/// (<c>WorkOrder-support-requests</c>, <c>WorkOrder-support-answer</c>); this is where support finds them.</summary>
public static class SupportApi
{
    public static RouteGroupBuilder MapSupportApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api").WithTags("Support");
        api.MapGet("support-requests", ListAsync).WithName("ListSupportRequests")
            .WithSummary("TS1: technicians' support requests across orders, open ones first (longest waiting first); with all=true also the latest answered, with the time taken");
        return api;
    }

    private static async Task<Ok<IReadOnlyList<SupportCase>>> ListAsync(bool? all, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<ISupportInboxGrain>(0).ListAsync(openOnly: all != true));
}
