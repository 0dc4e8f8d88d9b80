using System.Globalization;
using FieldService.Clocks;
using FieldService.WorkOrders;
using Microsoft.Net.Http.Headers;

namespace FieldService.WebHost.Apis;

/// <summary>
/// A work order's entity tag is its version, as a strong ETag (<c>"12"</c>): every step raises the version, so the
/// tag names one state of the order. Its customer notices' deliveries (issue 16) change it without a step: once one
/// has been tried, the tag also carries how far they got (<c>"12-3"</c>), so a read that answers 304 never hides a
/// delivery. Commands accept either back in If-Match and judge only the version (optimistic concurrency, judged by
/// the grain: a notice sent meanwhile does not refuse a step); reads answer 304 to an If-None-Match that still matches.
/// </summary>
public static class ETags
{
    public static string Of(long version) => "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    public static string Of(WorkOrder order)
    {
        // Each try and each final outcome moves it on, so it only grows.
        var deliveries = order.Notifications.Sum(n => n.Delivery is { } d
            ? d.Attempts + (d.IsFinal ? 1 : 0) + (d.Status == NotificationDelivery.Phoned ? 1 : 0)
            : 0);
        return deliveries == 0
            ? Of(order.Version)
            : "\"" + order.Version.ToString(CultureInfo.InvariantCulture) + "-" + deliveries.ToString(CultureInfo.InvariantCulture) + "\"";
    }

    public static void Set(HttpContext http, WorkOrder order) => http.Response.Headers.ETag = Of(order);

    public const string MalformedIfMatch = "If-Match must be * or the one strong ETag a read of the order answered, such as \"12\".";

    /// <summary>Reads the version a command's If-Match names: null without the header or for <c>*</c> (any existing
    /// order). False for anything but <c>*</c> or one strong tag of the form the reads answer (a 400); a weak tag
    /// too, since If-Match compares strongly and it could never match.</summary>
    public static bool TryReadExpectedVersion(HttpRequest request, out long? expected)
    {
        expected = null;
        var values = request.Headers.IfMatch;
        if (values.Count == 0)
        {
            return true;
        }

        if (EntityTagHeaderValue.TryParseStrictList(values, out var tags) && tags.Count == 1)
        {
            var tag = tags[0];
            if (tag.Equals(EntityTagHeaderValue.Any))
            {
                return true;
            }

            var opaque = tag.Tag.AsSpan(1, tag.Tag.Length - 2);
            if (opaque.IndexOf('-') is var dash and > 0 && long.TryParse(opaque[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                opaque = opaque[..dash]; // the deliveries' part: commands judge the version alone
            }

            if (!tag.IsWeak && long.TryParse(opaque, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                expected = version;
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a read's If-None-Match names the order as it is now (or is <c>*</c>): the caller's copy is
    /// current. Compared weakly, as RFC 9110 asks for If-None-Match; an unreadable header is ignored.</summary>
    public static bool NoneMatchHolds(HttpRequest request, WorkOrder order) =>
        EntityTagHeaderValue.TryParseList(request.Headers.IfNoneMatch, out var tags)
        && tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(new EntityTagHeaderValue(Of(order)), useStrongComparison: false));
}
