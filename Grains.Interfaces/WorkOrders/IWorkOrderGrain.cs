using FieldService.Audit;

namespace FieldService.WorkOrders;

/// <summary>One work order (D2): its lifecycle, contents and history. Keyed by the order id.</summary>
[Alias("fs.IWorkOrderGrain")]
public interface IWorkOrderGrain : IGrainWithStringKey
{
    /// <summary>P1: records the reported fault. Repeating the same intake returns the same order (idempotent);
    /// a different intake for an existing id is refused.</summary>
    Task<Result<WorkOrder>> ReportAsync(ReportFault intake, Actor actor);

    /// <summary>The order as it stands, or null when nothing was reported under this id.</summary>
    Task<WorkOrder?> GetAsync();

    /// <summary>Every recorded change, oldest first.</summary>
    Task<IReadOnlyList<AuditEntry>> GetHistoryAsync();

    /// <summary>Applies one lifecycle step; a refused step changes nothing.</summary>
    Task<Result<WorkOrder>> ExecuteAsync(WorkOrderCommand command, Actor actor);
}
