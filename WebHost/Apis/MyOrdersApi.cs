using FieldService.WorkOrders;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FieldService.WebHost.Apis;

/// <summary>A customer's order as their page follows it: the order as they read it (contact data theirs, only the
/// notices addressed to them, the steps they may take) and the name of the technician who is coming.</summary>
public sealed record CustomerOrderView(WorkOrderView Order, string? TechnicianName)
{
    public static CustomerOrderView For(CustomerOrder order, Actor actor) => new(WorkOrderView.For(order.Read, actor), order.TechnicianName);
}

/// <summary>
/// <c>/api/me/orders</c>: the signed-in customer's own orders (P1–P9 as the customer follows them), read by the
/// customer page when its live stream (<c>/hubs/my-orders</c>) says an order changed. The directory answers them
/// scoped to the caller's customer account; an order of anyone else is a 404, as if it did not exist.
/// </summary>
public static class MyOrdersApi
{
    public static RouteGroupBuilder MapMyOrdersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/me/orders").WithTags("Session");
        api.MapGet("", ListAsync).WithName("ListMyOrders")
            .WithSummary($"The signed-in customer's orders, newest first (at most {CustomerOrder.MaxListed}), with their notices and technician");
        api.MapGet("{id}", GetAsync).WithName("GetMyOrder").WithSummary("One of the signed-in customer's orders, with its notices and technician");
        return api;
    }

    private static async Task<Ok<IReadOnlyList<CustomerOrderView>>> ListAsync(HttpContext http, IGrainFactory grains)
    {
        var actor = Actors.Of(http);
        var orders = await grains.GetGrain<IWorkOrderDirectoryGrain>(0).CustomerOrdersAsync(actor);
        return TypedResults.Ok<IReadOnlyList<CustomerOrderView>>(orders.Select(o => CustomerOrderView.For(o, actor)).ToList());
    }

    private static async Task<Results<Ok<CustomerOrderView>, ProblemHttpResult>> GetAsync(string id, HttpContext http, IGrainFactory grains)
    {
        var actor = Actors.Of(http);
        return Validation.IsIdentifier(id) && await grains.GetGrain<IWorkOrderDirectoryGrain>(0).CustomerOrderAsync(id, actor) is { } order
            ? TypedResults.Ok(CustomerOrderView.For(order, actor))
            : Problems.From(Failure.NotFound($"No work order {id}."));
    }
}
