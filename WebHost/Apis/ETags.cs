using System.Globalization;
using Microsoft.Net.Http.Headers;

namespace FieldService.WebHost.Apis;

/// <summary>
/// A work order's entity tag is its version, as a strong ETag (<c>"12"</c>): every change raises the version, so the
/// tag names one state of the order. Commands accept it back in If-Match (optimistic concurrency, judged by the
/// grain); reads answer 304 to an If-None-Match that still matches.
/// </summary>
public static class ETags
{
    public static string Of(long version) => "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    public static void Set(HttpContext http, long version) => http.Response.Headers.ETag = Of(version);

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

            if (!tag.IsWeak && long.TryParse(tag.Tag.AsSpan(1, tag.Tag.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                expected = version;
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a read's If-None-Match names the current version (or is <c>*</c>): the caller's copy is
    /// current. Compared weakly, as RFC 9110 asks for If-None-Match; an unreadable header is ignored.</summary>
    public static bool NoneMatchHolds(HttpRequest request, long version) =>
        EntityTagHeaderValue.TryParseList(request.Headers.IfNoneMatch, out var tags)
        && tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(new EntityTagHeaderValue(Of(version)), useStrongComparison: false));
}
