using FieldService.Clocks;
using FieldService.Grains.Common;
using FieldService.Grains.Notifications;
using FieldService.Notifications;
using FieldService.Technicians;
using FieldService.WorkOrders;
using Microsoft.Extensions.Logging;

namespace FieldService.Grains.WorkOrders;

/// <summary>
/// Issue 16: customer notices go out by email or SMS. The step that records a notice queues it (its delivery, with the
/// idempotency id, is stored on the order by the step's own write; a <see cref="SendNotificationEffect"/> in an outbox
/// written before issue 17 does the same), and the sending step
/// runs in a turn of its own, so a slow gateway never holds up a command's answer, and a gateway that is down never
/// holds up the order's other follow-ups. A failed try is tried again with backoff (a timer while the activation
/// lives, the clock reminder after it) until it is sent or its last try failed; each outcome is written on the order
/// and then appended to the audit trail.
/// </summary>
public sealed partial class WorkOrderGrain
{
    private readonly RetryTimer deliveryRetry = new();
    private bool delivering;

    private bool HasQueuedDeliveries => state.State.Order?.Notifications.Any(n => n.Delivery is { Status: NotificationDelivery.Queued }) ?? false;

    /// <summary>When the next queued notice is due to be tried (null: none queued).</summary>
    private DateTimeOffset? NextDeliveryAt => state.State.Order?.Notifications
        .Select(n => n.Delivery)
        .Where(d => d is { Status: NotificationDelivery.Queued })
        .Select(d => (DateTimeOffset?)(d!.NextAttemptAt ?? d.At))
        .Min();

    /// <summary>The effect's part: the notice is queued (when it is the customer's and a gateway is configured); written
    /// with the outbox's next write, sent from a timer.</summary>
    private void QueueDelivery(int index)
    {
        var order = state.State.Order!;
        var notice = order.Notifications[index];
        if (courier.Queue(notice, order, index, time.GetUtcNow()) is { } queued)
        {
            Replace(index, notice with { Delivery = queued });
            ArmDeliveryTimer(TimeSpan.Zero);
        }
    }

    private void Replace(int index, Notification notice)
    {
        var notices = state.State.Order!.Notifications.ToArray();
        notices[index] = notice;
        // Not a lifecycle step: the version (and so every ETag a caller holds) stays.
        state.State.Order = state.State.Order with { Notifications = notices };
    }

    private void ArmDeliveryTimer(TimeSpan wait) => deliveryRetry.Arm(this, wait > TimeSpan.Zero ? wait : TimeSpan.Zero, DeliverDueAsync);

    /// <summary>Tries every queued notice that is due, records what became of each, then publishes the outcomes.</summary>
    private async Task DeliverDueAsync()
    {
        if (delivering || state.State.Order is not { } before)
        {
            return;
        }

        delivering = true;
        try
        {
            var now = time.GetUtcNow();
            var due = Enumerable.Range(0, before.Notifications.Count)
                .Where(i => before.Notifications[i].Delivery is { Status: NotificationDelivery.Queued } d && (d.NextAttemptAt ?? d.At) <= now)
                .ToArray();
            if (due.Length > 0)
            {
                faults.Before("deliver-notice", Id);
                var preferences = await GrainFactory.GetGrain<INotificationPreferencesGrain>(INotificationPreferencesGrain.KeyFor(before)).GetAsync();
                var technicianName = before.TechnicianId is { } technicianId
                    ? (await GrainFactory.GetGrain<ITechnicianGrain>(technicianId).GetAsync())?.Profile.Name
                    : null;
                foreach (var index in due)
                {
                    var notice = state.State.Order!.Notifications[index];
                    var delivery = await courier.AttemptAsync(notice, state.State.Order, preferences, technicianName, now);
                    Replace(index, notice with { Delivery = delivery });
                    if (delivery.IsFinal)
                    {
                        state.State.DeliveryRecords.Add(NotificationCourier.AuditOf(notice, delivery, Id, now));
                    }
                }

                await ScheduleClockReminderAsync();
                await state.WriteStateAsync(this);
                // The customer's page redraws the card from a push: the delivery is on the order it then reads.
                PublishToBoards(before, state.State.Order!);
            }

            await PublishDeliveryRecordsAsync();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Whatever was tried and not recorded is still queued in storage: tried again, under the same message id.
            logger.LogWarning(exception, "Work order {WorkOrderId}: recording its notices' delivery failed; it will be retried", Id);
            ArmDeliveryTimer(RepublishDelay);
            return;
        }
        finally
        {
            delivering = false;
        }

        if (NextDeliveryAt is { } next)
        {
            ArmDeliveryTimer(next - time.GetUtcNow());
        }
    }

    public async Task<Result<WorkOrder>> RecordNoticePhonedAsync(int index, Actor actor)
    {
        if (state.State.Order is not { } order || index < 0 || index >= order.Notifications.Count
            || order.Notifications[index].To != Notification.Customer)
        {
            return Failure.NotFound($"Work order {Id} has no customer notice {index}.");
        }

        var notice = order.Notifications[index];
        if (notice.Delivery is not { Status: NotificationDelivery.Failed } failed)
        {
            return Failure.Conflict($"Notice {index} of work order {Id} did not fail to be delivered.", notice.Delivery?.Status ?? "not-sent");
        }

        var now = time.GetUtcNow();
        var phoned = failed with { Status = NotificationDelivery.Phoned, At = now };
        Replace(index, notice with { Delivery = phoned });
        state.State.DeliveryRecords.Add(NotificationCourier.PhonedAuditOf(notice, failed, Id, actor, now));
        await state.WriteStateAsync(this);
        PublishToBoards(order, state.State.Order!);
        await PublishDeliveryRecordsAsync();
        return Result<WorkOrder>.Ok(state.State.Order!);
    }

    /// <summary>The audit trail's part: idempotent appends, so a repeat after a crash adds nothing.</summary>
    private async Task PublishDeliveryRecordsAsync()
    {
        if (state.State.DeliveryRecords.Count == 0)
        {
            return;
        }

        var records = state.State.DeliveryRecords.ToList();
        if (await publisher.PublishAsync(records, 0, () => Task.CompletedTask, $"work order {Id}'s notices") is null)
        {
            ArmDeliveryTimer(RepublishDelay);
            return;
        }

        // Dropped from storage with the next write; until then a new activation appends them again, harmlessly.
        state.State.DeliveryRecords.RemoveAll(records.Contains);
    }
}
