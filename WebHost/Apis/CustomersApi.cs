using FieldService.WorkOrders;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FieldService.WebHost.Apis;

/// <summary>P1: customer service finds a caller again from their earlier orders, to re-use their details on a new
/// intake. The search is the work-order directory's query (scoped and masked there, H3); this only checks the text.</summary>
public static class CustomersApi
{
    public static RouteGroupBuilder MapCustomersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/customers").WithTags("Customers");
        api.MapGet("", FindAsync).WithName("FindCustomers")
            .WithSummary($"P1: customers of earlier orders by part of their name or phone number, newest first (at most {KnownCustomer.MaxFound})");
        return api;
    }

    private static async Task<Results<Ok<IReadOnlyList<KnownCustomer>>, ProblemHttpResult>> FindAsync(string? search, HttpContext http, IGrainFactory grains)
    {
        var text = search?.Trim() ?? "";
        if (text.Length < KnownCustomer.MinSearch || text.Length > 100)
        {
            return Problems.From(Failure.Invalid("search", $"must be {KnownCustomer.MinSearch}–100 characters of a name or a phone number"));
        }

        return TypedResults.Ok(await grains.GetGrain<IWorkOrderDirectoryGrain>(0).FindCustomersAsync(text, Actors.Of(http)));
    }
}
