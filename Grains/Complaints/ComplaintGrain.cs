using FieldService.Audit;
using FieldService.Complaints;
using FieldService.Grains.Common;
using FieldService.Grains.Records;
using FieldService.WorkOrders;

namespace FieldService.Grains.Complaints;

/// <summary>
/// One complaint (P9, CS4). Thin: it loads its state, asks <see cref="ComplaintLifecycle"/>, persists, then publishes
/// its new history entries to the audit trail and its line to the complaint directory (through
/// <see cref="RecordPublisher"/>, so a failed publication is retried on the next change or activation).
/// </summary>
public sealed class ComplaintGrain(
    [PersistentState("complaint", StorageNames.Records)] IPersistentState<ComplaintState> stored,
    RecordPublisher publisher,
    TimeProvider time) : Grain, IComplaintGrain
{
    private readonly GuardedState<ComplaintState> state = new(stored);

    private string Id => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Complaint is not null && state.State.PublishedSequence < state.State.History.Count)
        {
            await PublishAsync();
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

    private async Task CommitAsync(ComplaintChange change)
    {
        state.State.Complaint = change.Complaint;
        state.State.History.Add(change.Entry);
        await state.WriteStateAsync(this);
        await PublishAsync();
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
