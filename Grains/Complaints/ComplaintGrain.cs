using FieldService.Audit;
using FieldService.Complaints;
using FieldService.Grains.Clocks;
using FieldService.Grains.Common;
using FieldService.Grains.Records;
using FieldService.Grains.WorkOrders;
using FieldService.WorkOrders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FieldService.Grains.Complaints;

/// <summary>
/// One complaint (P9, CS4). Thin: it loads its state, asks <see cref="ComplaintLifecycle"/>, persists, then publishes
/// its new history entries to the audit trail and its line to the complaint directory (through
/// <see cref="RecordPublisher"/>, so a failed publication is retried on the next change or activation).
/// Once the result is fed back, the work order records the customer's written notice of it (issue 16): a follow-up
/// persisted with the feedback step and asked until the order answers — from a timer while the activation lives, from
/// a reminder after it — under an idempotency key, so an ask repeated after a crash records one notice.
/// </summary>
public sealed class ComplaintGrain(
    [PersistentState("complaint", StorageNames.Records)] IPersistentState<ComplaintState> stored,
    RecordPublisher publisher,
    IOptions<SlaOptions> sla,
    IFaultInjection faults,
    TimeProvider time,
    ILogger<ComplaintGrain> logger) : Grain, IComplaintGrain, IRemindable
{
    /// <summary>The reminder that wakes a complaint whose notice has not reached its order.</summary>
    public const string NoticeReminder = "customer-notice";

    private readonly GuardedState<ComplaintState> state = new(stored);
    private readonly RetryTimer noticeRetry = new();
    private bool telling;

    private string Id => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Complaint is not null && state.State.PublishedSequence < state.State.History.Count)
        {
            await PublishAsync();
        }

        if (state.State.CustomerNoticePending)
        {
            // Not from here: the order's step may read this complaint, which would wait for this activation.
            noticeRetry.Arm(this, TimeSpan.Zero, TellCustomerAsync);
        }
    }

    public Task<Complaint?> GetAsync() => Task.FromResult(state.State.Complaint);

    public Task<Complaint?> GetForAsync(Actor actor) =>
        Task.FromResult(state.State.Complaint is { } complaint && ComplaintAccess.MaySee(complaint, actor) ? complaint : null);

    public async Task<ComplaintRead?> ReadForAsync(Actor actor) =>
        await GetForAsync(actor) is { } complaint ? new ComplaintRead(complaint, ComplaintLifecycle.AllowedSteps(complaint, actor)) : null;

    public Task<IReadOnlyList<AuditEntry>> GetHistoryAsync() => Task.FromResult<IReadOnlyList<AuditEntry>>(state.State.History.ToList());

    public async Task<Result<Complaint>> OpenAsync(ComplaintOpening opening, Actor actor)
    {
        // Only a well-formed id is looked up; the work order's reads never wait on its steps, so its callback may call here.
        var order = opening.WorkOrderId is { } workOrderId && Validation.IsIdentifier(workOrderId)
            ? await GrainFactory.GetGrain<IWorkOrderGrain>(workOrderId).GetAsync()
            : null;
        var decided = ComplaintLifecycle.Open(Id, state.State.Complaint, opening, order, actor, time.GetUtcNow());
        if (decided.Failure is { } failure)
        {
            return failure;
        }

        if (decided.Value is { } change)
        {
            await CommitAsync(change);
        }

        return Result<Complaint>.Ok(state.State.Complaint!);
    }

    public async Task<Result<Complaint>> ExecuteAsync(ComplaintCommand command, Actor actor)
    {
        var decided = ComplaintLifecycle.Decide(Id, state.State.Complaint, command, actor, time.GetUtcNow());
        if (decided.Failure is { } failure)
        {
            return failure;
        }

        await CommitAsync(decided.Value!);
        return Result<Complaint>.Ok(decided.Value!.Complaint);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != NoticeReminder)
        {
            return;
        }

        if (state.State.CustomerNoticePending)
        {
            await TellCustomerAsync();
        }
        else
        {
            await DropNoticeReminderAsync();
        }
    }

    private async Task CommitAsync(ComplaintChange change)
    {
        var fedBack = change.Complaint.Status == ComplaintStatus.FedBack && state.State.Complaint?.Status != ComplaintStatus.FedBack;
        state.State.Complaint = change.Complaint;
        state.State.History.Add(change.Entry);
        if (fedBack)
        {
            state.State.CustomerNoticePending = true;
            try
            {
                // Registered before the write, so that a process dying right after it still wakes the complaint.
                await this.RegisterOrUpdateReminder(NoticeReminder, EffectRetry.First, sla.Value.ReminderPeriod);
            }
            catch
            {
                // Reminders unreachable (the database is down): the step is refused as a whole, nothing of it kept.
                state.Rollback();
                throw;
            }
        }

        await state.WriteStateAsync(this);
        await PublishAsync();
        await TellCustomerAsync();
    }

    /// <summary>The follow-up of the feedback step: the order records the customer's notice (once per complaint:
    /// its idempotency key and the notice's <c>about</c>). A refusal is an answer too (the order decided; asking
    /// again gets the same answer); only an ask that did not get through is tried again.</summary>
    private async Task TellCustomerAsync()
    {
        if (telling || !state.State.CustomerNoticePending || state.State.Complaint is not { } complaint)
        {
            return;
        }

        telling = true;
        try
        {
            faults.Before("effect-complaint-feedback", Id);
            var command = new RecordComplaintFeedback(Id, complaint.Category) { IdempotencyKey = $"complaint-feedback:{Id}" };
            var answer = await GrainFactory.GetGrain<IWorkOrderGrain>(complaint.WorkOrderId).ExecuteAsync(command, Actor.System);
            if (answer.Failure is { } refused)
            {
                logger.LogInformation("Complaint {ComplaintId}: work order {WorkOrderId} recorded no notice of its result: {Reason}", Id, complaint.WorkOrderId, refused.Message);
            }

            faults.Before("effect-complaint-feedback-answered", Id);
            (state.State.CustomerNoticePending, state.State.NoticeAttempts) = (false, 0);
            await state.WriteStateAsync(this);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Still pending in storage (the reminder wakes it after a crash): asked again, and a repeat records nothing.
            state.State.NoticeAttempts++;
            logger.LogWarning(exception, "Complaint {ComplaintId}: telling work order {WorkOrderId} of its result failed; it will be retried", Id, complaint.WorkOrderId);
            noticeRetry.Arm(this, EffectRetry.After(state.State.NoticeAttempts), TellCustomerAsync);
            return;
        }
        finally
        {
            telling = false;
        }

        await DropNoticeReminderAsync();
    }

    private async Task DropNoticeReminderAsync()
    {
        try
        {
            if (await this.GetReminder(NoticeReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Harmless: its next tick finds nothing pending and tries again.
            logger.LogWarning(exception, "Complaint {ComplaintId}: removing its notice reminder failed", Id);
        }
    }

    private async Task PublishAsync()
    {
        var summary = ComplaintSummary.Of(state.State.Complaint!);
        var directory = GrainFactory.GetGrain<IComplaintDirectoryGrain>(0);
        if (await publisher.PublishAsync(state.State.History, state.State.PublishedSequence, () => directory.UpsertAsync(summary), $"complaint {Id}") is { } sequence)
        {
            state.State.PublishedSequence = sequence;
        }
    }
}
