using FieldService.WorkOrders;

namespace FieldService.Notifications;

/// <summary>
/// One customer's notification opt-outs, beside their contact data: keyed by their account
/// (<see cref="KeyFor(string)"/>) or, for a customer without one (a phone intake), by the order that holds their
/// contact (<see cref="KeyFor(WorkOrder)"/>).
/// </summary>
[Alias("fs.INotificationPreferencesGrain")]
public interface INotificationPreferencesGrain : IGrainWithStringKey
{
    [Alias("Get")]
    Task<NotificationPreferences> GetAsync();

    /// <summary>Replaces the opt-outs (the body is the whole preference), recording who changed them.</summary>
    [Alias("Set")]
    Task<NotificationPreferences> SetAsync(bool emailOptOut, bool smsOptOut, Actor actor);

    public static string KeyFor(string customerId) => $"customer/{customerId}";

    public static string KeyFor(WorkOrder order) => order.CustomerId is { } customerId ? KeyFor(customerId) : $"order/{order.Id}";
}
