using FieldService.WorkOrders;

namespace FieldService.Grains.WorkOrders;

// Reads for one caller: visibility, masking and allowed actions are decided here, beside the lifecycle that judges
// the commands, so no client of the grain repeats them.
public sealed partial class WorkOrderGrain
{
    public Task<WorkOrderRead?> GetForAsync(Actor actor) =>
        Task.FromResult(state.State.Order is { } order && WorkOrderAccess.MaySee(order, actor) ? ReadFor(order, actor) : null);

    public async Task<Result<WorkOrderRead>> ReportForAsync(ReportFault intake, Actor actor) =>
        ReadFor(await ReportAsync(intake, actor), actor);

    public async Task<Result<WorkOrderRead>> ExecuteForAsync(WorkOrderCommand command, Actor actor, long? expectedVersion = null) =>
        ReadFor(await ExecuteAsync(command, actor, expectedVersion), actor);

    private static Result<WorkOrderRead> ReadFor(Result<WorkOrder> result, Actor actor) =>
        result.Failure is { } failure ? failure : Result<WorkOrderRead>.Ok(ReadFor(result.Value!, actor));

    private static WorkOrderRead ReadFor(WorkOrder order, Actor actor) =>
        new(WorkOrderAccess.ViewFor(order, actor), WorkOrderLifecycle.AllowedActions(order, actor));
}
