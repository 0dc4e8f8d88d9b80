using FieldService.Audit;
using FieldService.Clocks;
using FieldService.Grains.Clocks;
using FieldService.Grains.Common;
using FieldService.WorkOrders;
using static FieldService.WorkOrders.WorkOrderStatus;

namespace FieldService.Grains.WorkOrders.Phases;

/// <summary>
/// Breaches: a clock ran out. Records the breach on the order and in its history, with what it entails — P3
/// withdraws the offer and returns the order to dispatch; P4 alerts dispatch and the customer. What each clock is, is
/// the clock catalog's (<see cref="ClockCatalog"/>).
/// </summary>
public static class BreachPhase
{
    /// <summary>Null when the clock is no longer running (met, stopped or already breached) or not yet due: a late or
    /// repeated tick changes nothing.</summary>
    public static WorkOrderChange? Breach(string id, WorkOrder order, SlaClock clock, DateTimeOffset now)
    {
        var index = order.Clocks.ToList().FindIndex(c => c.Kind == clock.Kind && c.StartedAt == clock.StartedAt && c.IsRunning);
        if (index < 0 || clock.DueAt > now)
        {
            return null;
        }

        var row = ClockCatalog.Of(clock.Kind);
        var clocks = order.Clocks.ToArray();
        clocks[index] = clocks[index] with { BreachedAt = now };
        var late = $"{clock.Clause}: {row.Late} by {clock.DueAt:u}";
        var next = order with { Clocks = clocks, Version = order.Version + 1, UpdatedAt = now };
        var notices = new List<Notification> { new(row.Team(order), "board", late, now) };
        if (clock.Kind == ClockKind.Accept && order.Status == Dispatched)
        {
            next = AssignmentPhase.Withdraw(next, $"no answer within the accept deadline ({clock.Clause})", now) with { Status = Triaged };
            notices.Add(new Notification("technician", "push", $"Offer for {id} withdrawn: not accepted in time.", now));
        }

        if (clock.Kind == ClockKind.Arrival)
        {
            notices.Add(new Notification(Notification.Customer, WorkOrderLifecycle.CustomerChannel(order),
                "Your technician has not arrived at the agreed time; dispatch is on it.", now, Notification.ArrivalMissed));
        }

        next = next with { Notifications = [.. next.Notifications, .. notices] };
        var entry = new AuditEntry(WorkOrderLifecycle.SubjectType, id, next.Version, now, Actor.System, AuditActions.Breach, Kebab.Of(order.Status),
            Kebab.Of(next.Status), late, id, order.TechnicianId, new AuditEntryFacts { Clause = clock.Clause, Clock = clock.Kind });
        return new WorkOrderChange(next, entry) { Effects = WorkOrderEffects.Of(order, next, null, Actor.System, clock) };
    }
}
