namespace FieldService.Notifications;

/// <summary>Issue 16: the channels a customer does not want to be written to on. Judged at each sending step, so an
/// opt-out also holds for notices already queued.</summary>
[GenerateSerializer, Immutable, Alias("fs.NotificationPreferences")]
public sealed record NotificationPreferences(
    [property: Id(0)] bool EmailOptOut,
    [property: Id(1)] bool SmsOptOut,
    [property: Id(2)] DateTimeOffset? UpdatedAt = null,
    [property: Id(3)] string? UpdatedBy = null)
{
    public static readonly NotificationPreferences Default = new(false, false);

    public bool OptedOut(string channel) => channel switch
    {
        NotificationChannels.Email => EmailOptOut,
        NotificationChannels.Sms => SmsOptOut,
        _ => false,
    };
}
