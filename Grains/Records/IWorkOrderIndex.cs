using FieldService.WorkOrders;

namespace FieldService.Grains.Records;

/// <summary>The queryable index of work orders. An upsert older than what is stored (by version) is ignored.</summary>
public interface IWorkOrderIndex
{
    Task UpsertAsync(WorkOrderSummary summary, CancellationToken cancellationToken = default);

    Task<Page<WorkOrderSummary>> QueryAsync(WorkOrderQuery query, CancellationToken cancellationToken = default);
}
