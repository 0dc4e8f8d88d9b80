using System.Security.Cryptography;
using System.Text;
using FieldService.Attachments;
using FieldService.Audit;
using FieldService.Grains.WorkOrders;
using FieldService.WorkOrders;
using static FieldService.WorkOrders.WorkOrderStatus;

namespace FieldService.Grains.Attachments;

/// <summary>What may be attached to a work order, by whom and when: the pure decision the attachments grain calls.</summary>
public static class AttachmentRules
{
    /// <summary>Photos are taken from acceptance until the customer has accepted the repair: the technician is
    /// assigned and at work on it (P3–P7). After clean-up the job is no longer theirs (H3 masks the customer then too).</summary>
    public static IReadOnlySet<WorkOrderStatus> OpenStatuses { get; } = new HashSet<WorkOrderStatus>
    {
        Accepted, EnRoute, OnSite, Diagnosed, InRepair, AwaitingParts, AwaitingInspection, Completed, CustomerAccepted,
    };

    /// <summary>Decides an upload: the new attachment (not yet stored), the one an earlier upload under the same
    /// Idempotency-Key made, or the reason nothing is stored.</summary>
    public static Result<Attachment> Decide(
        WorkOrder? order, IReadOnlyList<Attachment> existing, AttachmentUpload upload, Actor actor, AttachmentOptions limits, string newId, DateTimeOffset now)
    {
        if (upload.Kind == AttachmentKind.Message)
        {
            return DecideMessageFile(order, existing, upload, actor, limits, newId, now);
        }

        if (Refusal(order, existing.Count, actor, limits) is { Kind: FailureKind.NotFound } hidden)
        {
            return hidden;
        }

        if (upload.Content.LongLength > limits.MaxBytes)
        {
            return new Failure(FailureKind.TooLarge, $"Attachments are limited to {limits.MaxBytes} bytes; this one has {upload.Content.LongLength}.");
        }

        var sha256 = Sha256Of(upload.Content);
        if (existing.FirstOrDefault(a => a.Id == newId) is { } earlier)
        {
            // The same key again: the same attachment (even once the order has moved on), or a refusal if the key now
            // names another file.
            return earlier.Sha256 == sha256 && earlier.Kind == upload.Kind
                ? Result<Attachment>.Ok(earlier)
                : Failure.Invalid("idempotencyKey", "was already used on this order for another file");
        }

        if (Refusal(order, existing.Count, actor, limits) is { } refused)
        {
            return refused;
        }

        var errors = new Dictionary<string, string[]>();
        if (!Enum.IsDefined(upload.Kind))
        {
            errors["kind"] = [$"must be one of: {string.Join(", ", Enum.GetValues<AttachmentKind>().Select(Kebab.Of))}"];
        }

        if (upload.Content.Length == 0)
        {
            errors["content"] = ["is required"];
        }
        else if (Sniff(upload.Content) is var actual && actual != upload.ContentType)
        {
            errors["content"] = [actual is null
                ? $"is not an image of an accepted type ({string.Join(", ", AttachmentMediaTypes.All)})"
                : $"is {actual}, not {upload.ContentType}"];
        }

        if (upload.Caption is { Length: > AttachmentMediaTypes.MaxCaptionLength })
        {
            errors["caption"] = [$"must be at most {AttachmentMediaTypes.MaxCaptionLength} characters"];
        }

        if (errors.Count > 0)
        {
            return Failure.Invalid(errors);
        }

        var caption = string.IsNullOrWhiteSpace(upload.Caption) ? null : upload.Caption.Trim();
        return Result<Attachment>.Ok(new Attachment(newId, order!.Id, upload.Kind, upload.ContentType, upload.Content.LongLength, sha256, actor, now, caption));
    }

    /// <summary>CS1: a file from the customer's message, kept by the platform's intake while the order is open. Only the
    /// size and count caps apply, and the file keeps its declared type only when its bytes are that image type; anything
    /// else is stored as <c>application/octet-stream</c>, so no browser ever runs what a sender mailed in.</summary>
    private static Result<Attachment> DecideMessageFile(
        WorkOrder? order, IReadOnlyList<Attachment> existing, AttachmentUpload upload, Actor actor, AttachmentOptions limits, string newId, DateTimeOffset now)
    {
        if (order is null || !actor.IsSystem)
        {
            return Failure.NotFound($"No work order {order?.Id ?? "with this id"}.");
        }

        if (upload.Content.LongLength > limits.MaxBytes)
        {
            return new Failure(FailureKind.TooLarge, $"Attachments are limited to {limits.MaxBytes} bytes; this one has {upload.Content.LongLength}.");
        }

        var sha256 = Sha256Of(upload.Content);
        if (existing.FirstOrDefault(a => a.Id == newId) is { } earlier)
        {
            return earlier.Sha256 == sha256 ? Result<Attachment>.Ok(earlier) : Failure.Invalid("idempotencyKey", "was already used on this order for another file");
        }

        if (order.Status is Closed or Cancelled || existing.Count >= limits.MaxPerOrder)
        {
            return Failure.Conflict($"Work order {order.Id} keeps no more files ({existing.Count} kept, {Kebab.Of(order.Status)}).", Kebab.Of(order.Status));
        }

        var type = Sniff(upload.Content) is { } image && image == upload.ContentType ? image : OpaqueType;
        var caption = string.IsNullOrWhiteSpace(upload.Caption) ? null : upload.Caption.Trim()[..Math.Min(upload.Caption.Trim().Length, AttachmentMediaTypes.MaxCaptionLength)];
        return Result<Attachment>.Ok(new Attachment(newId, order.Id, AttachmentKind.Message, type, upload.Content.LongLength, sha256, actor, now, caption));
    }

    /// <summary>The type a message's file is served as when it is not an accepted image.</summary>
    public const string OpaqueType = "application/octet-stream";

    /// <summary>Whether the caller may add an attachment to the order now, whatever the file: the answer a listing gives
    /// (<see cref="AttachmentListing.MayAdd"/>), from the same checks as an upload.</summary>
    public static bool MayAdd(WorkOrder order, int count, Actor actor, AttachmentOptions limits) => Refusal(order, count, actor, limits) is null;

    /// <summary>Why nothing may be attached to the order by this caller now, whatever the file: not theirs (404, as if
    /// it did not exist: OWASP API1), not at a stage where photos are taken, or full (409).</summary>
    private static Failure? Refusal(WorkOrder? order, int count, Actor actor, AttachmentOptions limits)
    {
        if (order is null || !WorkOrderAccess.MaySee(order, actor))
        {
            return Failure.NotFound($"No work order {order?.Id ?? "with this id"}.");
        }

        if (!actor.IsSystem && !WorkOrderAccess.IsAssignedTechnician(order, actor))
        {
            return Failure.NotFound($"No work order {order.Id} assigned to you.");
        }

        if (!OpenStatuses.Contains(order.Status))
        {
            return Failure.Conflict($"Photos are taken from acceptance until the customer accepts; the order is {Kebab.Of(order.Status)}.", Kebab.Of(order.Status));
        }

        return count >= limits.MaxPerOrder
            ? Failure.Conflict($"Work order {order.Id} already has {count} attachments, the most it keeps.", Kebab.Of(order.Status))
            : null;
    }

    /// <summary>The media type the bytes really have, from their signature, or null when they are none of the
    /// accepted ones. The declared type is never trusted: a browser shows a file by what it is.</summary>
    public static string? Sniff(ReadOnlySpan<byte> content) =>
        content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? AttachmentMediaTypes.Jpeg
        : content.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]) ? AttachmentMediaTypes.Png
        : content.Length >= 12 && content.StartsWith("RIFF"u8) && content[8..12].SequenceEqual("WEBP"u8) ? AttachmentMediaTypes.Webp
        : null;

    /// <summary>The id an upload gets: derived from the order and its Idempotency-Key when it has one, so a retry names
    /// the same attachment; otherwise the given fresh id.</summary>
    public static string IdFor(string workOrderId, string? idempotencyKey, Func<string> fresh)
    {
        if (idempotencyKey is null)
        {
            return fresh();
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"fieldservice/attachment/{workOrderId.Length}:{workOrderId}/{idempotencyKey}"));
        return new Guid(hash.AsSpan(0, 16)).ToString();
    }

    public static string Sha256Of(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>The audit entry of a stored attachment: one per file (subject <c>attachment</c>, sequence 1), so
    /// appending it again after a failure is a no-op, and it is found by the order's and the technician's id.</summary>
    public static AuditEntry AuditEntryOf(Attachment attachment) => new(
        "attachment", attachment.Id, 1, attachment.TakenAt, attachment.TakenBy, AuditActions.Attach, null, null,
        $"{Kebab.Of(attachment.Kind)} {(attachment.Kind == AttachmentKind.Message ? "file" : "photo")} ({attachment.ContentType}, {attachment.SizeBytes} bytes)", attachment.WorkOrderId,
        attachment.TakenBy.TechnicianId,
        new AuditEntryFacts
        {
            Attachment = new AttachmentFact(attachment.Id, attachment.Kind, attachment.ContentType, attachment.SizeBytes, attachment.Sha256),
        });
}
