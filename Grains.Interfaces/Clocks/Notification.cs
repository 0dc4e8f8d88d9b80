namespace FieldService.Clocks;

/// <summary>A message the platform sent about an order. <paramref name="To"/> names a party (<c>customer</c>,
/// <c>dispatcher</c>, <c>technician</c>, a team), never an address: addresses stay in the customer record (H3).</summary>
/// <param name="Kind">What the notice is about, so a page can word it in its reader's language: the lifecycle action
/// that raised it (<c>dispatch</c>, <c>delay</c>, <c>arrive</c>) or <see cref="ArrivalMissed"/>. <paramref name="Text"/>
/// stays the record; the message a customer receives is worded from the kind (the templates); null on notices recorded
/// before kinds were kept.</param>
/// <param name="Delivery">How the notice went out to the customer by email or SMS (queued, sent, failed after N tries,
/// opted out); null for the platform's own traffic and while no gateway is configured for the customer's channels.</param>
/// <param name="About">What the notice is about when that is not the order itself: the complaint's id for
/// the kind <c>complaint-feedback</c>, so a repeated ask of the complaint is recognised as told already.</param>
[GenerateSerializer, Immutable, Alias("fs.Notification")]
public sealed record Notification(
    [property: Id(0)] string To,
    [property: Id(1)] string Channel,
    [property: Id(2)] string Text,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] string? Kind = null,
    [property: Id(5)] NotificationDelivery? Delivery = null,
    [property: Id(6)] string? About = null)
{
    /// <summary>The party a customer's notices are addressed to.</summary>
    public const string Customer = "customer";

    /// <summary>P4: the technician had not arrived by the agreed time, with no delay announced.</summary>
    public const string ArrivalMissed = "arrival-missed";
}
