using System.Security.Cryptography;
using System.Text;
using FieldService.Audit;
using FieldService.Dispatching;
using FieldService.WebHost.Security;
using FieldService.WorkOrders;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FieldService.WebHost.Apis;

/// <summary>The work-order resource: intake (P1), the lifecycle commands (P2–P9), reads and listings.</summary>
public static class WorkOrdersApi
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>A lifecycle command's endpoint name is this prefix and its route (the access policy's key).</summary>
    public const string CommandEndpointPrefix = "WorkOrder-";

    public static RouteGroupBuilder MapWorkOrdersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/work-orders").WithTags("Work orders");

        api.MapPost("", ReportAsync).WithName("ReportFault").RequireRateLimiting(SecuritySetup.IntakeRateLimit)
            .WithSummary("P1: record a reported fault; an Idempotency-Key header makes a retried intake return the same order");
        api.MapGet("", ListAsync).WithName("ListWorkOrders").WithSummary("List work orders by status, region and technician");
        api.MapGet("{id}", GetAsync).WithName("GetWorkOrder")
            .WithSummary("A work order with its contents and status; its ETag is its version, with its notices' deliveries once one was tried (If-None-Match answers 304 while it is current)")
            .Produces(StatusCodes.Status304NotModified);
        api.MapGet("{id}/history", HistoryAsync).WithName("GetWorkOrderHistory").WithSummary("Every recorded change of a work order");

        api.MapGet("{id}/dispatch-decision", DispatchDecisionAsync).WithName("GetDispatchDecision")
            .WithSummary("P2: why the order went to its technician (candidates and scores), or why it still waits");
        // Every lifecycle command's route comes from its request record (WorkOrderRequests.cs): a new command needs no line here.
        foreach (var request in CommandRoutes.Of<WorkOrderCommand>(typeof(WorkOrdersApi).Assembly))
        {
            (request.Route.Body ? MapWithBody : MapWithoutBody).MakeGenericMethod(request.Type)
                .Invoke(null, [api, request.Route.Name, request.Route.Summary]);
        }

        return api;
    }

    private static readonly System.Reflection.MethodInfo MapWithBody =
        typeof(WorkOrdersApi).GetMethod(nameof(MapCommand), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;

    private static readonly System.Reflection.MethodInfo MapWithoutBody =
        typeof(WorkOrdersApi).GetMethod(nameof(MapBodilessCommand), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;

    private static async Task<Results<Created<WorkOrderView>, ProblemHttpResult>> ReportAsync(
        ReportFaultRequest? body,
        [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey,
        HttpContext http,
        IGrainFactory grains,
        TimeProvider time)
    {
        if (body is null)
        {
            return Problems.MissingBody();
        }

        if (idempotencyKey is not null && !IsIdempotencyKey(idempotencyKey))
        {
            return Problems.BadRequest(MalformedIdempotencyKey);
        }

        var intake = body.ToCommand();
        if (intake.Failure is { } invalid)
        {
            return Problems.From(invalid);
        }

        // The grain holds a customer to their own account, whatever the body says.
        var actor = Actors.Of(http);
        var id = idempotencyKey is null ? Guid.CreateVersion7(time.GetUtcNow()).ToString() : IdFromIdempotencyKey(actor.Id, idempotencyKey);
        var result = await grains.GetGrain<IWorkOrderGrain>(id).ReportForAsync(intake.Value!, actor);
        if (result.Failure is { } failure)
        {
            return Problems.From(failure);
        }

        ETags.Set(http, result.Value!.Order);
        return TypedResults.Created($"/api/work-orders/{id}", WorkOrderView.For(result.Value!, actor));
    }

    internal const string MalformedIdempotencyKey = $"{IdempotencyKeyHeader} must be 1–255 printable ASCII characters.";

    internal static bool IsIdempotencyKey(string key) => key.Length is > 0 and <= 255 && key.All(c => c is >= ' ' and <= '~');

    /// <summary>The same caller and key always name the same order, so a retry lands on the order the first attempt
    /// made; another caller's identical key names another order.</summary>
    internal static string IdFromIdempotencyKey(string callerId, string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"fieldservice/work-order-intake/{callerId.Length}:{callerId}/{key}"));
        return new Guid(hash.AsSpan(0, 16)).ToString();
    }

    /// <summary>Why a step's key is refused (422), or null: 1–<see cref="WorkOrderLimits.MaxIdempotencyKeyLength"/>
    /// printable ASCII characters (a UUID fits).</summary>
    internal static string? InvalidStepKey(string? key) =>
        string.IsNullOrWhiteSpace(key) || key.Length > WorkOrderLimits.MaxIdempotencyKeyLength || key.Any(c => c is < ' ' or > '~')
            ? $"must be 1–{WorkOrderLimits.MaxIdempotencyKeyLength} printable ASCII characters, e.g. a UUID"
            : null;

    private static async Task<Results<Ok<PageResponse<WorkOrderSummary>>, ProblemHttpResult>> ListAsync(
        [KebabEnum(typeof(WorkOrderStatus))] string? status, string? region, string? technicianId, int? page, int? pageSize, HttpContext http, IGrainFactory grains)
    {
        var v = new Validation();
        var parsedStatus = EnumField.Parse<WorkOrderStatus>(status, "status", v, required: false);
        var paging = Paging.Read(page, pageSize, v);
        if (v.ToFailure() is { } invalid)
        {
            return Problems.From(invalid);
        }

        // The directory narrows a scoped caller's listing to their own orders.
        var query = new WorkOrderQuery(parsedStatus, Paging.Filter(region), Paging.Filter(technicianId), paging.Page, paging.PageSize);
        var result = await grains.GetGrain<IWorkOrderDirectoryGrain>(0).ListForAsync(query, Actors.Of(http));
        return TypedResults.Ok(PageResponse<WorkOrderSummary>.Of(result));
    }

    private static async Task<Results<Ok<WorkOrderView>, StatusCodeHttpResult, ProblemHttpResult>> GetAsync(string id, HttpContext http, IGrainFactory grains)
    {
        var actor = Actors.Of(http);
        if (await VisibleOrderAsync(id, actor, grains) is not { } read)
        {
            return Problems.From(Failure.NotFound($"No work order {id}."));
        }

        ETags.Set(http, read.Order);
        return ETags.NoneMatchHolds(http.Request, read.Order)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(WorkOrderView.For(read, actor));
    }

    private static async Task<Results<Ok<IReadOnlyList<AuditEntry>>, ProblemHttpResult>> HistoryAsync(string id, HttpContext http, IGrainFactory grains)
    {
        return await VisibleOrderAsync(id, Actors.Of(http), grains) is null
            ? Problems.From(Failure.NotFound($"No work order {id}."))
            : TypedResults.Ok(await grains.GetGrain<IWorkOrderGrain>(id).GetHistoryAsync());
    }

    private static async Task<Results<Ok<DispatchDecision>, ProblemHttpResult>> DispatchDecisionAsync(string id, HttpContext http, IGrainFactory grains)
    {
        if (await VisibleOrderAsync(id, Actors.Of(http), grains) is null)
        {
            return Problems.From(Failure.NotFound($"No work order {id}."));
        }

        var decision = await grains.GetGrain<IWorkOrderDirectoryGrain>(0).DispatchDecisionAsync(id, Actors.Of(http));
        return decision is null
            ? Problems.From(Failure.NotFound($"Work order {id} has no dispatch decision yet."))
            : TypedResults.Ok(decision);
    }

    /// <summary>The order, or null when it does not exist or the caller may not see it (both answer 404, so that
    /// probing ids reveals nothing).</summary>
    private static async Task<WorkOrderRead?> VisibleOrderAsync(string id, Actor actor, IGrainFactory grains) =>
        Validation.IsIdentifier(id) ? await grains.GetGrain<IWorkOrderGrain>(id).GetForAsync(actor) : null;

    private static RouteHandlerBuilder MapCommand<TRequest>(this RouteGroupBuilder api, string name, string summary)
        where TRequest : class, ICommandRequest<WorkOrderCommand> =>
        api.MapPost($"{{id}}/{name}", (string id, TRequest? body, HttpContext http, IGrainFactory grains) =>
                CommandRequests.SendAsync(body, name, http, (command, actor) => ExecuteAsync(id, command, actor, http, grains)))
            .WithCommandMetadata(name, summary);

    /// <summary>A step with nothing to say beyond itself (accept, arrive…): no body is read.</summary>
    private static RouteHandlerBuilder MapBodilessCommand<TRequest>(this RouteGroupBuilder api, string name, string summary)
        where TRequest : class, ICommandRequest<WorkOrderCommand>, new() =>
        api.MapPost($"{{id}}/{name}", (string id, HttpContext http, IGrainFactory grains) =>
                CommandRequests.SendAsync(new TRequest(), name, http, (command, actor) => ExecuteAsync(id, command, actor, http, grains)))
            .WithCommandMetadata(name, summary);

    private static RouteHandlerBuilder WithCommandMetadata(this RouteHandlerBuilder route, string name, string summary) =>
        route.WithName(CommandEndpointPrefix + name).WithSummary(summary)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

    private static async Task<Results<Ok<WorkOrderView>, ProblemHttpResult>> ExecuteAsync(
        string id, WorkOrderCommand command, Actor actor, HttpContext http, IGrainFactory grains)
    {
        if (!Validation.IsIdentifier(id))
        {
            return Problems.From(Failure.NotFound($"No work order {id}."));
        }

        // If-Match: the version the caller last read. The grain judges it in the same turn as the step, so no other
        // change can land between the check and this one.
        if (!ETags.TryReadExpectedVersion(http.Request, out var expectedVersion))
        {
            return Problems.BadRequest(ETags.MalformedIfMatch);
        }

        // Idempotency-Key: the caller's name for this one step; the order answers a repeat with the order as it is.
        // (A header sent with no value at all is present with no values: an empty key, refused like one.)
        if (http.Request.Headers.TryGetValue(IdempotencyKeyHeader, out var key))
        {
            var problem = key.Count > 1 ? "must be given once" : InvalidStepKey(key.Count == 0 ? null : key[0]);
            if (problem is not null)
            {
                return Problems.From(Failure.Invalid(IdempotencyKeyHeader, problem));
            }

            command = command with { IdempotencyKey = key[0] };
        }

        var result = await grains.GetGrain<IWorkOrderGrain>(id).ExecuteForAsync(command, actor, expectedVersion);
        if (result.Failure is { } failure)
        {
            return Problems.From(failure);
        }

        ETags.Set(http, result.Value!.Order);
        return TypedResults.Ok(WorkOrderView.For(result.Value!, actor));
    }
}
