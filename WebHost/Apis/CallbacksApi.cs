using FieldService.Callbacks;
using FieldService.Grains.Callbacks;
using FieldService.Grains.Common;
using FieldService.WorkOrders;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FieldService.WebHost.Apis;

/// <summary>P9: the agent's callback queue (orders whose callback clock runs, most urgent first) and the survey's
/// fixed questions.</summary>
public static class CallbacksApi
{
    /// <summary>Index rows read per call while walking the listing.</summary>
    private const int IndexPage = 100;

    public static RouteGroupBuilder MapCallbacksApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/callbacks").WithTags("Callbacks");
        api.MapGet("", QueueAsync).WithName("ListCallbacks")
            .WithSummary($"P9: orders waiting for their callback, overdue first, then soonest due (at most {CallbackQueue.MaxListed})");
        api.MapGet("questions", () => TypedResults.Ok(CallbackSurveyQuestions.All)).WithName("ListCallbackQuestions")
            .WithSummary("P9: the fixed questions of the callback survey");
        return api;
    }

    private static async Task<Results<Ok<IReadOnlyList<CallbackDue>>, ProblemHttpResult>> QueueAsync(
        string? region, IGrainFactory grains, TimeProvider time)
    {
        var filter = Paging.Filter(region);
        if (filter is not null && !Validation.IsIdentifier(filter))
        {
            return Problems.From(Failure.Invalid("region", "must be 1–64 letters, digits, '-', '_' or '.'"));
        }

        // The oldest waiting orders are the likeliest to be due first: read each status's listing from its oldest end,
        // and at most MaxListed orders in all.
        var waiting = new List<WorkOrderSummary>();
        foreach (var status in CallbackQueue.WaitingStatuses)
        {
            waiting.AddRange(await OldestAsync(grains.GetGrain<IWorkOrderDirectoryGrain>(0), status, filter));
        }

        var candidates = waiting.OrderBy(s => s.ReportedAt).Take(CallbackQueue.MaxListed).ToList();
        var orders = await Task.WhenAll(candidates.Select(s => grains.GetGrain<IWorkOrderGrain>(s.Id).GetAsync()));
        return TypedResults.Ok(CallbackQueue.Build(orders.OfType<WorkOrder>(), time.GetUtcNow()));
    }

    /// <summary>Up to <see cref="CallbackQueue.MaxListed"/> orders in a status, oldest reported first. The listing is
    /// newest first, so it is read from its last page back.</summary>
    private static async Task<List<WorkOrderSummary>> OldestAsync(IWorkOrderDirectoryGrain directory, WorkOrderStatus status, string? region)
    {
        var query = new WorkOrderQuery(status, region, null, 1, IndexPage);
        var first = await directory.ListAsync(query);
        var found = new List<WorkOrderSummary>();
        for (var page = (int)((first.Total + IndexPage - 1) / IndexPage); page >= 1 && found.Count < CallbackQueue.MaxListed; page--)
        {
            var items = page == 1 ? first.Items : (await directory.ListAsync(query with { PageNumber = page })).Items;
            found.AddRange(items.Reverse());
        }

        return found.Take(CallbackQueue.MaxListed).ToList();
    }
}
