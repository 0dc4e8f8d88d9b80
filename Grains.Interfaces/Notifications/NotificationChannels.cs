namespace FieldService.Notifications;

/// <summary>The channels a customer notice can go out on.</summary>
public static class NotificationChannels
{
    public const string Email = "email";
    public const string Sms = "sms";
}
