using FieldService.Notifications;
using FieldService.WorkOrders;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FieldService.WebHost.Apis;

/// <summary>The body of a preference change: the whole preference, both channels named.</summary>
public sealed record NotificationPreferencesBody(bool? EmailOptOut, bool? SmsOptOut);

/// <summary>
/// Issue 16: a customer opts out of email or SMS notices, for themselves (<c>/api/me/notification-preferences</c>),
/// or an agent does it for the customer of an order (their account's preference when the order has one, else the
/// order's own). Judged at every sending step: a notice still queued is not sent on a channel opted out of since.
/// </summary>
public static class NotificationPreferencesApi
{
    public static RouteGroupBuilder MapNotificationPreferencesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api");
        var mine = api.MapGroup("me/notification-preferences").WithTags("Session");
        mine.MapGet("", GetMineAsync).WithName("GetMyNotificationPreferences").WithSummary("The signed-in customer's opt-outs per channel (email, SMS)");
        mine.MapPut("", SetMineAsync).WithName("SetMyNotificationPreferences").WithSummary("Replaces the signed-in customer's opt-outs per channel");
        var order = api.MapGroup("work-orders/{id}/notification-preferences").WithTags("Work orders");
        order.MapGet("", GetForOrderAsync).WithName("GetOrderNotificationPreferences").WithSummary("The opt-outs per channel of the order's customer");
        order.MapPut("", SetForOrderAsync).WithName("SetOrderNotificationPreferences").WithSummary("Replaces the opt-outs per channel of the order's customer");
        api.MapPost("work-orders/{id}/notifications/{index:int}/phoned", PhonedAsync).WithTags("Work orders").WithName("RecordNoticePhoned")
            .WithSummary("Issue 16: a customer notice that could not be delivered was told to the customer by phone");
        return api;
    }

    private static async Task<Results<Ok<NotificationPreferences>, ProblemHttpResult>> GetMineAsync(HttpContext http, IGrainFactory grains) =>
        Actors.Of(http).CustomerId is { } customerId
            ? TypedResults.Ok(await grains.GetGrain<INotificationPreferencesGrain>(INotificationPreferencesGrain.KeyFor(customerId)).GetAsync())
            : NoAccount();

    private static async Task<Results<Ok<NotificationPreferences>, ProblemHttpResult>> SetMineAsync(NotificationPreferencesBody body, HttpContext http, IGrainFactory grains)
    {
        var actor = Actors.Of(http);
        if (actor.CustomerId is not { } customerId)
        {
            return NoAccount();
        }

        return Invalid(body) is { } invalid
            ? Problems.From(invalid)
            : TypedResults.Ok(await grains.GetGrain<INotificationPreferencesGrain>(INotificationPreferencesGrain.KeyFor(customerId))
                .SetAsync(body.EmailOptOut!.Value, body.SmsOptOut!.Value, actor));
    }

    /// <summary>The notices an agent may mark are those whose delivery failed; the answer is the order as the agent reads it.</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> PhonedAsync(string id, int index, HttpContext http, IGrainFactory grains)
    {
        if (await OrderAsync(id, grains) is null)
        {
            return Problems.From(Failure.NotFound($"No work order {id}."));
        }

        var result = await grains.GetGrain<IWorkOrderGrain>(id).RecordNoticePhonedAsync(index, Actors.Of(http));
        return result.Failure is { } failure ? Problems.From(failure) : TypedResults.NoContent();
    }

    private static async Task<Results<Ok<NotificationPreferences>, ProblemHttpResult>> GetForOrderAsync(string id, IGrainFactory grains) =>
        await OrderAsync(id, grains) is { } order
            ? TypedResults.Ok(await grains.GetGrain<INotificationPreferencesGrain>(INotificationPreferencesGrain.KeyFor(order)).GetAsync())
            : Problems.From(Failure.NotFound($"No work order {id}."));

    private static async Task<Results<Ok<NotificationPreferences>, ProblemHttpResult>> SetForOrderAsync(
        string id, NotificationPreferencesBody body, HttpContext http, IGrainFactory grains)
    {
        if (await OrderAsync(id, grains) is not { } order)
        {
            return Problems.From(Failure.NotFound($"No work order {id}."));
        }

        return Invalid(body) is { } invalid
            ? Problems.From(invalid)
            : TypedResults.Ok(await grains.GetGrain<INotificationPreferencesGrain>(INotificationPreferencesGrain.KeyFor(order))
                .SetAsync(body.EmailOptOut!.Value, body.SmsOptOut!.Value, Actors.Of(http)));
    }

    private static async Task<WorkOrder?> OrderAsync(string id, IGrainFactory grains) =>
        Validation.IsIdentifier(id) ? await grains.GetGrain<IWorkOrderGrain>(id).GetAsync() : null;

    private static Failure? Invalid(NotificationPreferencesBody body)
    {
        var errors = new Dictionary<string, string[]>();
        if (body.EmailOptOut is null)
        {
            errors["emailOptOut"] = ["is required (true or false)"];
        }

        if (body.SmsOptOut is null)
        {
            errors["smsOptOut"] = ["is required (true or false)"];
        }

        return errors.Count > 0 ? Failure.Invalid(errors) : null;
    }

    /// <summary>A customer token without an account has no preference to read (nothing of anyone else's either).</summary>
    private static ProblemHttpResult NoAccount() => Problems.From(Failure.NotFound("No customer account is signed in."));
}
