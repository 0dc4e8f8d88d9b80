namespace FieldService.Clocks;

/// <summary>
/// Issue 16: how one customer notice goes out. Recorded on the order beside the notice, changed by the sending step
/// only (not a lifecycle step: it does not move the order's version, so a caller's ETag stays valid).
/// </summary>
/// <param name="Status"><see cref="Queued"/>, <see cref="Sent"/>, <see cref="Failed"/>, <see cref="OptedOut"/> or
/// <see cref="Phoned"/>.</param>
/// <param name="Channel">The channel it goes out on (<c>email</c> or <c>sms</c>); null until one is chosen.</param>
/// <param name="MessageId">The idempotency id: the email's Message-ID and the SMS request's id, the same on every try.</param>
/// <param name="Attempts">Tries made so far.</param>
/// <param name="At">When the status last changed (or the last try was made).</param>
/// <param name="NextAttemptAt">While queued: when it is tried (again).</param>
[GenerateSerializer, Immutable, Alias("fs.NotificationDelivery")]
public sealed record NotificationDelivery(
    [property: Id(0)] string Status,
    [property: Id(1)] string? Channel,
    [property: Id(2)] string MessageId,
    [property: Id(3)] int Attempts,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] DateTimeOffset? NextAttemptAt = null)
{
    public const string Queued = "queued";
    public const string Sent = "sent";
    public const string Failed = "failed";
    public const string OptedOut = "opted-out";

    /// <summary>It failed, and customer service then told the customer by phone (recorded by the agent who called).</summary>
    public const string Phoned = "phoned";

    public bool IsFinal => Status != Queued;
}
