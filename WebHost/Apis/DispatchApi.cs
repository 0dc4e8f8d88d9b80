using FieldService.Dispatching;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FieldService.WebHost.Apis;

/// <summary>Automatic dispatch as dispatchers see it: each region's queue of waiting orders.</summary>
public static class DispatchApi
{
    public static RouteGroupBuilder MapDispatchApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/dispatch").WithTags("Dispatch");
        api.MapGet("queues/{region}", QueueAsync).WithName("GetDispatchQueue")
            .WithSummary("P2: the orders of a region waiting for a technician, most urgent first, then oldest, with why each waits");
        return api;
    }

    private static async Task<Results<Ok<IReadOnlyList<QueuedOrder>>, ProblemHttpResult>> QueueAsync(string region, IGrainFactory grains) =>
        Validation.IsIdentifier(region)
            ? TypedResults.Ok(await grains.GetGrain<IDispatcherGrain>(region).GetQueueAsync())
            : Problems.From(Failure.Invalid("region", "must be 1–64 letters, digits, '-', '_' or '.'"));
}
