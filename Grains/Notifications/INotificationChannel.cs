namespace FieldService.Grains.Notifications;

/// <summary>
/// A gateway that delivers customer notices on one channel (email over SMTP, SMS over the HTTP gateway contract). The
/// silo chooses them. A send either completes (the gateway took the message), throws
/// <see cref="NotificationRejectedException"/> (the gateway refused this message for good: it is not tried again), or
/// throws anything else (the gateway is unreachable or busy: tried again with backoff). The gateway is given the same
/// <see cref="OutboundMessage.MessageId"/> on every try, so a try whose answer was lost cannot deliver twice.
/// </summary>
public interface INotificationChannel
{
    /// <summary><c>email</c> or <c>sms</c>.</summary>
    string Channel { get; }

    /// <summary>Whether the gateway is configured; an unconfigured channel is never chosen.</summary>
    bool Enabled { get; }

    Task SendAsync(OutboundMessage message, CancellationToken cancellationToken = default);
}

/// <summary>The gateway refused the message for good (a malformed address, a 4xx from the SMS gateway).</summary>
public sealed class NotificationRejectedException(string message) : Exception(message);
