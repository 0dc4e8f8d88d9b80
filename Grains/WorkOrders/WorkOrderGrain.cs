using FieldService.Audit;
using FieldService.Grains.Common;
using FieldService.Grains.Records;
using FieldService.Technicians;
using FieldService.WorkOrders;
using Microsoft.Extensions.Logging;

namespace FieldService.Grains.WorkOrders;

/// <summary>
/// One work order. Loads its state, asks <see cref="WorkOrderLifecycle"/> for the decision, persists, then publishes
/// the new history entries to the audit trail and its line to the index (an outbox: see <see cref="RecordPublisher"/>).
/// </summary>
public sealed class WorkOrderGrain(
    [PersistentState("workOrder", StorageNames.Records)] IPersistentState<WorkOrderState> state,
    RecordPublisher publisher,
    IWorkOrderIndex index,
    TimeProvider time,
    ILogger<WorkOrderGrain> logger) : Grain, IWorkOrderGrain
{
    private static readonly TimeSpan RepublishDelay = TimeSpan.FromSeconds(10);
    private IGrainTimer? republishTimer;

    private string Id => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Order is { } order && state.State.PublishedSequence < order.Version)
        {
            await PublishAsync();
        }
    }

    public Task<WorkOrder?> GetAsync() => Task.FromResult(state.State.Order);

    public Task<IReadOnlyList<AuditEntry>> GetHistoryAsync() => Task.FromResult<IReadOnlyList<AuditEntry>>(state.State.History.ToArray());

    public async Task<Result<WorkOrder>> ReportAsync(ReportFault intake, Actor actor)
    {
        if (state.State.Order is { } existing)
        {
            // A retried intake (same Idempotency-Key, same content) gets the order it created.
            return state.State.Intake == intake
                ? Result<WorkOrder>.Ok(existing)
                : new Failure(FailureKind.Invalid, $"Work order {Id} was already reported with a different intake: an Idempotency-Key must not be reused for another request.",
                    Errors: new Dictionary<string, string[]> { ["Idempotency-Key"] = ["was already used for a different request"] });
        }

        var decision = WorkOrderLifecycle.Report(Id, null, intake, actor, time.GetUtcNow());
        if (decision.Failure is { } failure)
        {
            return failure;
        }

        state.State.Intake = intake;
        return await CommitAsync(decision.Value!);
    }

    public async Task<Result<WorkOrder>> ExecuteAsync(WorkOrderCommand command, Actor actor)
    {
        var before = state.State.Order;
        var decision = WorkOrderLifecycle.Decide(Id, before, command, actor, time.GetUtcNow());
        if (decision.Failure is { } failure)
        {
            return failure;
        }

        var change = decision.Value!;
        if (command is Dispatch dispatch)
        {
            // The technician grain is the single writer of its load: it takes the order or refuses it.
            var taken = await GrainFactory.GetGrain<ITechnicianGrain>(dispatch.TechnicianId).AssignAsync(Id, actor);
            if (taken.Failure is { } refused)
            {
                return refused.Kind == FailureKind.NotFound
                    ? Failure.Invalid("technicianId", $"no technician {dispatch.TechnicianId} is registered")
                    : refused;
            }

            try
            {
                return await CommitAsync(change);
            }
            catch
            {
                await ReleaseAsync(dispatch.TechnicianId, actor);
                throw;
            }
        }

        var result = await CommitAsync(change);
        if (before!.TechnicianId is { } technicianId && WorkOrderLifecycle.OccupiesTechnician(before.Status)
            && (change.Order.TechnicianId != technicianId || !WorkOrderLifecycle.OccupiesTechnician(change.Order.Status)))
        {
            await ReleaseAsync(technicianId, actor);
        }

        return result;
    }

    private async Task<Result<WorkOrder>> CommitAsync(WorkOrderChange change)
    {
        state.State.Order = change.Order;
        state.State.History.Add(change.Entry);
        await state.WriteStateAsync();
        await PublishAsync();
        return Result<WorkOrder>.Ok(change.Order);
    }

    private async Task PublishAsync()
    {
        var order = state.State.Order!;
        var published = await publisher.PublishAsync(
            state.State.History, state.State.PublishedSequence, () => index.UpsertAsync(WorkOrderSummary.Of(order)), $"work order {Id}");
        if (published is { } sequence)
        {
            // Persisted with the next write; until then a reactivation publishes again, which is harmless.
            state.State.PublishedSequence = sequence;
            return;
        }

        republishTimer?.Dispose();
        republishTimer = this.RegisterGrainTimer(
            async _ =>
            {
                republishTimer?.Dispose();
                republishTimer = null;
                await PublishAsync();
            },
            new GrainTimerCreationOptions(RepublishDelay, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    private async Task ReleaseAsync(string technicianId, Actor actor)
    {
        try
        {
            await GrainFactory.GetGrain<ITechnicianGrain>(technicianId).ReleaseAsync(Id, actor);
        }
        catch (Exception exception)
        {
            // The order's own change is already durable; the technician's load is corrected on their next release.
            logger.LogError(exception, "Releasing work order {WorkOrderId} from technician {TechnicianId} failed", Id, technicianId);
        }
    }
}
