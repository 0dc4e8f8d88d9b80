using FieldService.Audit;
using FieldService.Clocks;
using FieldService.Notifications;
using FieldService.WorkOrders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FieldService.Grains.Notifications;

/// <summary>
/// The sending step of a customer notice (issue 16): picks the channel (the one the notice was recorded for, else the
/// other, among the configured gateways the customer has an address for and has not opted out of), words it in the
/// customer's language, hands it to the gateway, and says what became of the try. The only place that reads the
/// customer's address; it logs the order, the message id and the channel, never the address or a gateway's error text
/// (an SMTP refusal quotes the recipient).
/// </summary>
public sealed class NotificationCourier(IEnumerable<INotificationChannel> channels, IOptions<NotificationOptions> options, ILogger<NotificationCourier> logger)
{
    private readonly INotificationChannel[] enabled = channels.Where(c => c.Enabled).ToArray();

    public const string AuditSubject = "notification";

    /// <summary>The idempotency id of the notice at <paramref name="index"/> on the order: the same on every try.</summary>
    public string MessageIdFor(string workOrderId, int index) => $"fs.{workOrderId}.{index}@{options.Value.MessageIdDomain}";

    /// <summary>The delivery a newly recorded notice starts with: queued when it is the customer's and a gateway is
    /// configured; null otherwise (the record on the order is then the notification, as before issue 16).</summary>
    public NotificationDelivery? Queue(Notification notice, WorkOrder order, int index, DateTimeOffset now) =>
        notice.To == Notification.Customer && notice.Delivery is null && enabled.Length > 0
            ? new NotificationDelivery(NotificationDelivery.Queued, null, MessageIdFor(order.Id, index), 0, now, now)
            : null;

    /// <summary>One try of a queued notice; returns its delivery after the try (sent, queued again with the next try's
    /// time, failed after the last try or at a refusal, or opted out).</summary>
    public async Task<NotificationDelivery> AttemptAsync(
        Notification notice, WorkOrder order, NotificationPreferences preferences, string? technicianName, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var delivery = notice.Delivery ?? throw new InvalidOperationException("Only a queued notice is sent.");
        var reachable = new[] { notice.Channel, Other(notice.Channel) }
            .Select(name => (Name: name, Gateway: enabled.FirstOrDefault(c => c.Channel == name), Address: AddressOf(order.Customer, name)))
            .Where(c => c.Gateway is not null && !string.IsNullOrWhiteSpace(c.Address))
            .ToArray();
        if (reachable.Length > 0 && reachable.All(c => preferences.OptedOut(c.Name)))
        {
            return delivery with { Status = NotificationDelivery.OptedOut, At = now, NextAttemptAt = null };
        }

        if (reachable.FirstOrDefault(c => !preferences.OptedOut(c.Name)) is not { Gateway: { } gateway } chosen)
        {
            logger.LogWarning("Work order {WorkOrderId}: notice {MessageId} has no configured channel the customer can be reached on", order.Id, delivery.MessageId);
            return delivery with { Status = NotificationDelivery.Failed, At = now, NextAttemptAt = null };
        }

        var language = NotificationLanguages.Normalize(order.Customer.Language) ?? NotificationLanguages.Normalize(options.Value.DefaultLanguage)!;
        var (subject, body) = NotificationTemplates.Render(notice, order, language, technicianName);
        var message = new OutboundMessage(delivery.MessageId, chosen.Name, chosen.Address!, language, subject, body, order.Id, notice.Kind ?? "note");
        var attempts = delivery.Attempts + 1;
        try
        {
            await gateway.SendAsync(message, cancellationToken);
            return delivery with { Status = NotificationDelivery.Sent, Channel = chosen.Name, Attempts = attempts, At = now, NextAttemptAt = null };
        }
        catch (NotificationRejectedException)
        {
            logger.LogWarning("Work order {WorkOrderId}: the {Channel} gateway refused notice {MessageId}; it is not tried again", order.Id, chosen.Name, delivery.MessageId);
            return delivery with { Status = NotificationDelivery.Failed, Channel = chosen.Name, Attempts = attempts, At = now, NextAttemptAt = null };
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The exception's type only: its message may quote the recipient (H3).
            var last = attempts >= options.Value.MaxAttempts;
            logger.LogWarning("Work order {WorkOrderId}: sending notice {MessageId} by {Channel} failed ({Error}), try {Attempt} of {MaxAttempts}{Outcome}",
                order.Id, delivery.MessageId, chosen.Name, exception.GetType().Name, attempts, options.Value.MaxAttempts, last ? "; given up" : "; it will be retried");
            return last
                ? delivery with { Status = NotificationDelivery.Failed, Channel = chosen.Name, Attempts = attempts, At = now, NextAttemptAt = null }
                : delivery with { Channel = chosen.Name, Attempts = attempts, At = now, NextAttemptAt = now + options.Value.RetryAfter(attempts) };
        }
    }

    /// <summary>The audit entry of a notice's final delivery (its own subject: the order's history is its steps).</summary>
    public static AuditEntry AuditOf(Notification notice, NotificationDelivery delivery, string workOrderId, DateTimeOffset now) =>
        new(AuditSubject, delivery.MessageId, 1, now, Actor.System, AuditActions.Deliver, NotificationDelivery.Queued, delivery.Status,
            $"{notice.Kind ?? "note"} notice to the customer {(delivery.Channel is { } c ? $"by {c} " : "")}{delivery.Status} after {delivery.Attempts} tries",
            workOrderId, null);

    /// <summary>The failed notice told by phone: the delivery's entry from failed to phoned, by the agent who called.</summary>
    public static AuditEntry PhonedAuditOf(Notification notice, NotificationDelivery failed, string workOrderId, Actor actor, DateTimeOffset now) =>
        new(AuditSubject, failed.MessageId, 2, now, actor, AuditActions.Deliver, NotificationDelivery.Failed, NotificationDelivery.Phoned,
            $"{notice.Kind ?? "note"} notice to the customer told by phone after {failed.Attempts} failed tries", workOrderId, null);

    private static string Other(string channel) => channel == NotificationChannels.Sms ? NotificationChannels.Email : NotificationChannels.Sms;

    private static string? AddressOf(Customer customer, string channel) => channel switch
    {
        NotificationChannels.Email => customer.Email,
        NotificationChannels.Sms => customer.Phone,
        _ => null,
    };
}
