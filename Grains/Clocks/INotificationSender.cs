using FieldService.Clocks;
using FieldService.WorkOrders;

namespace FieldService.Grains.Clocks;

/// <summary>
/// Delivers a notification the platform has already recorded on the order. Implement it to send mail or SMS: the
/// order gives the customer's address (the notification itself names only the party, H3). Delivery is best effort
/// and after the fact: a failed send is logged and never undoes the recorded change.
/// </summary>
public interface INotificationSender
{
    Task SendAsync(Notification notification, WorkOrder order, CancellationToken cancellationToken = default);
}

/// <summary>The default: the record on the order is the notification; nothing leaves the platform.</summary>
public sealed class RecordOnlyNotificationSender : INotificationSender
{
    public Task SendAsync(Notification notification, WorkOrder order, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
