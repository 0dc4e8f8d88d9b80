using System.Security.Cryptography;
using System.Text;

namespace FieldService.Complaints;

/// <summary>Complaint ids. A complaint given on an order's callback survey has an id derived from the order, so the
/// survey recorded again (a retry, a replay) meets the same complaint instead of opening a second one.</summary>
public static class ComplaintIds
{
    private const string CallbackPrefix = "callback.";

    /// <summary>Ids must stay usable in a URL (letters, digits, '-', '_', '.'; at most 64 characters).</summary>
    private const int MaxLength = 64;

    /// <summary>The complaint from the callback of work order <paramref name="workOrderId"/>: <c>callback.{id}</c>,
    /// or <c>callback.{hash of id}</c> when the order's id is too long for that.</summary>
    public static string FromCallback(string workOrderId)
    {
        var readable = CallbackPrefix + workOrderId;
        return readable.Length <= MaxLength
            ? readable
            : CallbackPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(workOrderId)).AsSpan(0, 20));
    }

    /// <summary>A new id for a complaint opened by hand.</summary>
    public static string New(DateTimeOffset now) => "cmp-" + Guid.CreateVersion7(now).ToString("N");
}
