using FieldService.Attachments;
using FieldService.Grains.Common;
using FieldService.Grains.Records;
using FieldService.Grains.WorkOrders;
using FieldService.WorkOrders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FieldService.Grains.Attachments;

/// <summary>
/// The attachments of one work order. The store is its state: the grain keeps no Orleans state of its own, so what a
/// durable store holds is all there is, and a new activation reads it back. The audit entry of each file is an outbox
/// like the orders' history: the file is stored first, then its entry appended (idempotent per file), retried on a
/// timer when the audit log cannot be reached, and published again by every new activation, so no stored file lacks
/// its entry for longer than the outage.
/// </summary>
public sealed class WorkOrderAttachmentsGrain(
    IAttachmentStore store, IAuditLog auditLog, IOptions<AttachmentOptions> options, TimeProvider time, ILogger<WorkOrderAttachmentsGrain> logger)
    : Grain, IWorkOrderAttachmentsGrain
{
    private static readonly TimeSpan RetryAuditAfter = TimeSpan.FromSeconds(5);

    private readonly RetryTimer auditRetry = new();
    private readonly HashSet<string> unpublished = new(StringComparer.Ordinal);

    /// <summary>Replaced whole on each upload, so the interleaved reads always see a complete list.</summary>
    private IReadOnlyList<Attachment> attachments = [];

    private string WorkOrderId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        attachments = await store.ListAsync(WorkOrderId, cancellationToken);
        if (attachments.Count > 0)
        {
            // Whether the last activation's entries all reached the audit log is not known: append them again (no-ops
            // for those that did).
            unpublished.UnionWith(attachments.Select(a => a.Id));
            await PublishAsync();
        }
    }

    public async Task<Result<Attachment>> AddAsync(AttachmentUpload upload, Actor actor)
    {
        var order = await GrainFactory.GetGrain<IWorkOrderGrain>(WorkOrderId).GetAsync();
        var id = AttachmentRules.IdFor(WorkOrderId, upload.IdempotencyKey, () => Guid.CreateVersion7(time.GetUtcNow()).ToString());
        var decided = AttachmentRules.Decide(order, attachments, upload, actor, options.Value, id, time.GetUtcNow());
        if (decided.Failure is not null)
        {
            return decided;
        }

        if (attachments.Any(a => a.Id == id))
        {
            // A retry of an upload already stored: its entry may still be waiting for the audit log.
            await PublishAsync();
            return decided;
        }

        var stored = await store.AddAsync(decided.Value!, upload.Content, upload.IdempotencyKey);
        attachments = [.. attachments, stored];
        unpublished.Add(stored.Id);
        await PublishAsync();
        return Result<Attachment>.Ok(stored);
    }

    public async Task<AttachmentListing?> ListForAsync(Actor actor)
    {
        var listed = attachments;
        var order = await GrainFactory.GetGrain<IWorkOrderGrain>(WorkOrderId).GetAsync();
        return order is not null && WorkOrderAccess.MaySee(order, actor)
            ? new AttachmentListing(listed, AttachmentRules.MayAdd(order, listed.Count, actor, options.Value), options.Value.MaxBytes)
            : null;
    }

    public async Task<AttachmentContent?> ReadForAsync(string attachmentId, Actor actor)
    {
        if (attachments.FirstOrDefault(a => a.Id == attachmentId) is not { } attachment || !await MayReadAsync(actor))
        {
            return null;
        }

        return await store.ReadContentAsync(WorkOrderId, attachmentId) is { } content ? new AttachmentContent(attachment, content) : null;
    }

    /// <summary>Whoever may read the order may read its attachments (customers their own orders, technicians those
    /// offered or assigned to them): judged on the order as it is now, by the order's own rule.</summary>
    private async Task<bool> MayReadAsync(Actor actor) =>
        await GrainFactory.GetGrain<IWorkOrderGrain>(WorkOrderId).GetAsync() is { } order && WorkOrderAccess.MaySee(order, actor);

    private async Task PublishAsync()
    {
        var pending = attachments.Where(a => unpublished.Contains(a.Id)).ToList();
        if (pending.Count == 0)
        {
            return;
        }

        try
        {
            await auditLog.AppendAsync(pending.Select(AttachmentRules.AuditEntryOf).ToList());
            unpublished.ExceptWith(pending.Select(a => a.Id));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The files are stored; only their entries wait. The timer keeps the activation alive until they are in.
            logger.LogWarning(exception, "Publishing {Count} attachment audit entries of work order {WorkOrderId} failed; will retry", pending.Count, WorkOrderId);
            auditRetry.Arm(this, RetryAuditAfter, PublishAsync);
        }
    }
}
