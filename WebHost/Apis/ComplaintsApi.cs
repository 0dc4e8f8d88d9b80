using FieldService.Audit;
using FieldService.Complaints;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FieldService.WebHost.Apis;

/// <summary>Complaints (P9, CS4): opened by customer service or by the customer, investigated, resolved and fed back.</summary>
public static class ComplaintsApi
{
    public static RouteGroupBuilder MapComplaintsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/complaints").WithTags("Complaints");
        api.MapPost("", OpenAsync).WithName("OpenComplaint").WithSummary("P9/CS4: record a complaint about a work order, in the customer's words");
        api.MapGet("", ListAsync).WithName("ListComplaints").WithSummary("List complaints by status, work order and technician");
        api.MapGet("{id}", GetAsync).WithName("GetComplaint").WithSummary("A complaint and how far it was handled");
        api.MapGet("{id}/history", HistoryAsync).WithName("GetComplaintHistory").WithSummary("Every recorded change of a complaint");
        api.MapStep<InvestigationRequest>("investigation", "P9: what looking into the complaint found");
        api.MapStep<ResolutionRequest>("resolution", "P9/H2: the resolution, and whether it is upheld against the technician");
        api.MapStep<FeedbackRequest>("feedback", "P9: the result was fed back to the customer (channel, their response)");
        return api;
    }

    private static async Task<Results<Created<Complaint>, ProblemHttpResult>> OpenAsync(
        OpenComplaintRequest? body, HttpContext http, IGrainFactory grains, TimeProvider time)
    {
        if (body is null)
        {
            return Problems.MissingBody();
        }

        var opening = body.ToOpening();
        if (opening.Failure is { } invalid)
        {
            return Problems.From(invalid);
        }

        var id = ComplaintIds.New(time.GetUtcNow());
        var result = await grains.GetGrain<IComplaintGrain>(id).OpenAsync(opening.Value!, Actors.Of(http));
        return result.Failure is { } failure ? Problems.From(failure) : TypedResults.Created($"/api/complaints/{id}", result.Value!);
    }

    private static async Task<Results<Ok<PageResponse<ComplaintSummary>>, ProblemHttpResult>> ListAsync(
        [KebabEnum(typeof(ComplaintStatus))] string? status, string? workOrderId, string? technicianId, int? page, int? pageSize, HttpContext http, IGrainFactory grains)
    {
        var v = new Validation();
        var parsedStatus = EnumField.Parse<ComplaintStatus>(status, "status", v, required: false);
        var paging = Paging.Read(page, pageSize, v);
        if (v.ToFailure() is { } invalid)
        {
            return Problems.From(invalid);
        }

        // The directory narrows a customer's listing to the complaints on their own orders.
        var query = new ComplaintQuery(parsedStatus, Paging.Filter(workOrderId), Paging.Filter(technicianId), null, paging.Page, paging.PageSize);
        return TypedResults.Ok(PageResponse<ComplaintSummary>.Of(await grains.GetGrain<IComplaintDirectoryGrain>(0).ListForAsync(query, Actors.Of(http))));
    }

    private static async Task<Results<Ok<ComplaintView>, ProblemHttpResult>> GetAsync(string id, HttpContext http, IGrainFactory grains)
    {
        var actor = Actors.Of(http);
        return (Validation.IsIdentifier(id) ? await grains.GetGrain<IComplaintGrain>(id).ReadForAsync(actor) : null) is { } read
            ? TypedResults.Ok(ComplaintView.For(read, actor))
            : Problems.From(Failure.NotFound($"No complaint {id}."));
    }

    private static async Task<Results<Ok<IReadOnlyList<AuditEntry>>, ProblemHttpResult>> HistoryAsync(string id, HttpContext http, IGrainFactory grains) =>
        await VisibleAsync(id, Actors.Of(http), grains) is null
            ? Problems.From(Failure.NotFound($"No complaint {id}."))
            : TypedResults.Ok(await grains.GetGrain<IComplaintGrain>(id).GetHistoryAsync());

    /// <summary>The complaint, or null when it does not exist or the caller may not see it (both answer 404).</summary>
    private static async Task<Complaint?> VisibleAsync(string id, Actor actor, IGrainFactory grains) =>
        Validation.IsIdentifier(id) ? await grains.GetGrain<IComplaintGrain>(id).GetForAsync(actor) : null;

    private static RouteHandlerBuilder MapStep<TRequest>(this RouteGroupBuilder api, string name, string summary)
        where TRequest : class, ICommandRequest<ComplaintCommand> =>
        api.MapPost($"{{id}}/{name}", (string id, TRequest? body, HttpContext http, IGrainFactory grains) =>
                CommandRequests.SendAsync(body, name, http, (command, actor) => Validation.IsIdentifier(id)
                    ? CommandRequests.OkOrProblemAsync(grains.GetGrain<IComplaintGrain>(id).ExecuteAsync(command, actor))
                    : Task.FromResult<Results<Ok<Complaint>, ProblemHttpResult>>(Problems.From(Failure.NotFound($"No complaint {id}.")))))
            .WithName("Complaint-" + name).WithSummary(summary);
}
