using System.Collections.Concurrent;
using FieldService.Grains.Notifications;
using FieldService.Notifications;

namespace FieldService.Tests.Infrastructure;

/// <summary>An SMS gateway inside the test that counts what the platform hands it, per order, so a test can tell
/// "sent once" from "sent twice" (the real gateways are tested against real servers: NotificationDeliveryTests).</summary>
public sealed class RecordingNotificationSender : INotificationChannel
{
    private readonly ConcurrentQueue<OutboundMessage> sent = new();

    public string Channel => NotificationChannels.Sms;

    public bool Enabled => true;

    public Task SendAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        sent.Enqueue(message);
        return Task.CompletedTask;
    }

    public IReadOnlyList<OutboundMessage> SentFor(string workOrderId) => sent.Where(s => s.WorkOrderId == workOrderId).ToArray();
}
