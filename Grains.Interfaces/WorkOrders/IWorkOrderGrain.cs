using FieldService.Audit;

namespace FieldService.WorkOrders;

/// <summary>One work order (D2): its lifecycle, contents and history. Keyed by the order id.</summary>
[Alias("fs.IWorkOrderGrain")]
public interface IWorkOrderGrain : IGrainWithStringKey
{
    /// <summary>P1: records the reported fault. Repeating the same intake returns the same order (idempotent);
    /// a different intake for an existing id is refused.</summary>
    Task<Result<WorkOrder>> ReportAsync(ReportFault intake, Actor actor);

    /// <summary>The order as it stands, or null when nothing was reported under this id. It answers even while the
    /// order is busy with a step (reading never waits), so a grain the order is calling can read it.</summary>
    [Orleans.Concurrency.AlwaysInterleave, Orleans.Concurrency.ReadOnly]
    Task<WorkOrder?> GetAsync();

    /// <summary>The order as <paramref name="actor"/> reads it (<see cref="WorkOrderRead"/>), or null when it does not
    /// exist or is not theirs to see (both answer 404, so probing ids reveals nothing). Never waits, like <see cref="GetAsync"/>.</summary>
    [Orleans.Concurrency.AlwaysInterleave, Orleans.Concurrency.ReadOnly]
    Task<WorkOrderRead?> GetForAsync(Actor actor);

    /// <summary>The technician this order occupies now (offered or assigned and not yet cleaned up), or null. Answered
    /// even while the order is busy, so a technician checking its load cannot deadlock with an order releasing it.</summary>
    [Orleans.Concurrency.AlwaysInterleave, Orleans.Concurrency.ReadOnly]
    Task<string?> GetOccupiedTechnicianAsync();

    /// <summary>Every recorded change, oldest first.</summary>
    Task<IReadOnlyList<AuditEntry>> GetHistoryAsync();

    /// <summary>Applies one lifecycle step; a refused step changes nothing. With <paramref name="expectedVersion"/>
    /// (the version the caller last read), the step is refused as <see cref="FailureKind.PreconditionFailed"/> when
    /// the order is at another version by the time it is judged.</summary>
    Task<Result<WorkOrder>> ExecuteAsync(WorkOrderCommand command, Actor actor, long? expectedVersion = null);

    /// <summary><see cref="ReportAsync"/>, answered as the reporter reads the order.</summary>
    Task<Result<WorkOrderRead>> ReportForAsync(ReportFault intake, Actor actor);

    /// <summary><see cref="ExecuteAsync"/>, answered as the actor reads the order after the step.</summary>
    Task<Result<WorkOrderRead>> ExecuteForAsync(WorkOrderCommand command, Actor actor, long? expectedVersion = null);

    /// <summary>Automatic dispatch offers the order to a technician who has already taken it into their load;
    /// refused (and the caller releases the technician) when the order no longer waits.</summary>
    Task<Result<WorkOrder>> OfferAsync(string technicianId, FieldService.Dispatching.DispatchDecision decision);

    /// <summary>Issue 16: the customer notice at <paramref name="index"/> could not be delivered (its delivery failed after
    /// every try) and customer service told the customer by phone. Not a lifecycle step (the version stays); audited as
    /// the notice's delivery moving from failed to phoned. A conflict naming the delivery's state for any other notice.</summary>
    Task<Result<WorkOrder>> RecordNoticePhonedAsync(int index, Actor actor);

    /// <summary>Why the order went to its technician: the decision of its latest dispatch, or null.</summary>
    Task<FieldService.Dispatching.DispatchDecision?> GetDispatchDecisionAsync();

    /// <summary>Q2: a bin issued parts to (or took them back from) this order's repair.</summary>
    [Orleans.Concurrency.OneWay]
    Task PartsMovedAsync(FieldService.Parts.PartMovement movement);

    /// <summary>M3: stock arrived in a bin the order waits for (<paramref name="waiting"/>: what it still lacks of that
    /// part); an order still waiting for parts tries to reserve it again.</summary>
    [Orleans.Concurrency.OneWay]
    Task PartsArrivedAsync(PartNeed waiting);

    /// <summary>What the order asks of its dispatcher while it waits for automatic dispatch, or null when it does not wait.</summary>
    [Orleans.Concurrency.AlwaysInterleave, Orleans.Concurrency.ReadOnly]
    Task<FieldService.Dispatching.DispatchRequest?> GetDispatchRequestAsync();

    /// <summary>Asks the order to tell its dispatcher again if it waits (a dispatcher that restarted rebuilds its queue so).</summary>
    [Orleans.Concurrency.OneWay]
    Task NudgeDispatchAsync();
}
