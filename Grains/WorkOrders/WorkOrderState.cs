using FieldService.Audit;
using FieldService.WorkOrders;

namespace FieldService.Grains.WorkOrders;

/// <summary>What a work order grain persists.</summary>
[GenerateSerializer, Alias("fs.WorkOrderState")]
public sealed class WorkOrderState
{
    [Id(0)] public WorkOrder? Order { get; set; }

    /// <summary>The intake as first received, to recognise a retried report (idempotency).</summary>
    [Id(1)] public ReportFault? Intake { get; set; }

    /// <summary>Every change, oldest first; entry N has sequence N.</summary>
    [Id(2)] public List<AuditEntry> History { get; set; } = [];

    /// <summary>The last history sequence known to be in the audit log and the index (the outbox mark).</summary>
    [Id(3)] public long PublishedSequence { get; set; }

    /// <summary>Breached clocks already escalated to their team (work order/kind/start), so each is raised once.</summary>
    [Id(4)] public HashSet<string> EscalatedClocks { get; set; } = [];

    /// <summary>The deadline the clock reminder is currently aimed at (null: no reminder).</summary>
    [Id(5)] public DateTimeOffset? ReminderDueAt { get; set; }

    /// <summary>The decision behind the latest dispatch (automatic or manual).</summary>
    [Id(6)] public FieldService.Dispatching.DispatchDecision? DispatchDecision { get; set; }

    /// <summary>A dispatcher asked for automatic dispatch of this order (it then goes out automatically even when
    /// automatic dispatch is off by configuration), until the order is dispatched by hand or pulled back.</summary>
    [Id(7)] public bool AutomaticRequested { get; set; }

    /// <summary>While the order waits for automatic dispatch: when it reminds its dispatcher again.</summary>
    [Id(8)] public DateTimeOffset? DispatchRetryAt { get; set; }

    /// <summary>Follow-ups decided with a step and not yet acknowledged by their targets, oldest first (the outbox).</summary>
    [Id(9)] public List<OrderEffect> Effects { get; set; } = [];

    /// <summary>While effects are pending: when the grain tries them again (the clock reminder is aimed no later).</summary>
    [Id(10)] public DateTimeOffset? EffectsRetryAt { get; set; }

    /// <summary>Failed attempts in a row to carry out the oldest pending effect (sets the backoff).</summary>
    [Id(11)] public int EffectAttempts { get; set; }

    /// <summary>The idempotency keys of the most recent keyed steps, oldest first (bounded: <see cref="WorkOrderIdempotency.Remember"/>),
    /// written with the step they name, so a replay is recognised after any deactivation.</summary>
    [Id(12)] public List<IdempotentStep> IdempotentSteps { get; set; } = [];

    /// <summary>Issue 16: audit entries of notices whose delivery ended (sent, failed, opted out) not yet known to be in
    /// the audit trail (an outbox: published after the write that recorded the outcome, again until it is through).</summary>
    [Id(13)] public List<AuditEntry> DeliveryRecords { get; set; } = [];
}
