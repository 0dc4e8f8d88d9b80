using System.Collections.Concurrent;
using FieldService.Clocks;
using FieldService.Grains.Clocks;
using FieldService.WorkOrders;

namespace FieldService.Tests.Infrastructure;

/// <summary>Counts what the platform delivers, per order, so a test can tell "sent once" from "sent twice".</summary>
public sealed class RecordingNotificationSender : INotificationSender
{
    private readonly ConcurrentQueue<(string WorkOrderId, Notification Notification)> sent = new();

    public Task SendAsync(Notification notification, WorkOrder order, CancellationToken cancellationToken = default)
    {
        sent.Enqueue((order.Id, notification));
        return Task.CompletedTask;
    }

    public IReadOnlyList<Notification> SentFor(string workOrderId) => sent.Where(s => s.WorkOrderId == workOrderId).Select(s => s.Notification).ToArray();
}
