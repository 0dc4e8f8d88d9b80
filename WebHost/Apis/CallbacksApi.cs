using FieldService.Callbacks;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FieldService.WebHost.Apis;

/// <summary>P9: the agent's callback queue (orders whose callback clock runs, most urgent first) and the survey's
/// fixed questions. The queue is the work-order directory's query; this only checks the filter.</summary>
public static class CallbacksApi
{
    public static RouteGroupBuilder MapCallbacksApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/callbacks").WithTags("Callbacks");
        api.MapGet("", QueueAsync).WithName("ListCallbacks")
            .WithSummary($"P9: orders waiting for their callback, overdue first, then soonest due (at most {CallbackDue.MaxListed})");
        api.MapGet("questions", () => TypedResults.Ok(CallbackSurveyQuestions.All)).WithName("ListCallbackQuestions")
            .WithSummary("P9: the fixed questions of the callback survey");
        return api;
    }

    private static async Task<Results<Ok<IReadOnlyList<CallbackDue>>, ProblemHttpResult>> QueueAsync(string? region, HttpContext http, IGrainFactory grains)
    {
        var filter = Paging.Filter(region);
        if (filter is not null && !Validation.IsIdentifier(filter))
        {
            return Problems.From(Failure.Invalid("region", "must be 1–64 letters, digits, '-', '_' or '.'"));
        }

        return TypedResults.Ok(await grains.GetGrain<FieldService.WorkOrders.IWorkOrderDirectoryGrain>(0).CallbackQueueAsync(filter, Actors.Of(http)));
    }
}
