using System.Text;

namespace FieldService.WorkOrders;

/// <summary>The customer's contact data (confidential: H3).</summary>
/// <param name="Language">The language the customer is written to in (<c>zh-CN</c> or <c>en</c>, see
/// <see cref="FieldService.Notifications.NotificationLanguages"/>); null: the platform's default
/// (<c>Notifications:DefaultLanguage</c>). Not confidential.</param>
[GenerateSerializer, Immutable, Alias("fs.Customer")]
public sealed record Customer(
    [property: Id(0)] string Name,
    [property: Id(1)] string? Phone,
    [property: Id(2)] string? Email,
    [property: Id(3)] string Address,
    [property: Id(4)] GeoPoint? Location,
    [property: Id(5)] string? Language = null)
{
    // A record prints every member; contact data must never reach a log line or an exception through ToString (H3).
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("(confidential)");
        return true;
    }
}
