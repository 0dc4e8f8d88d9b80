using FieldService.Clocks;
using FieldService.Complaints;
using FieldService.Escalations;
using FieldService.Grains.Common;
using FieldService.WorkOrders;
using static FieldService.WorkOrders.WorkOrderStatus;

namespace FieldService.Grains.WorkOrders;

/// <summary>
/// What a decided step entails for other grains, as data: derived from the order before and after the step (and the
/// command or the breached clock), never from what a grain happened to do. Persisted with the step, carried out by
/// the grain until acknowledged.
/// </summary>
public static class WorkOrderEffects
{
    /// <summary>States after which the order holds no parts any more.</summary>
    private static readonly WorkOrderStatus[] PartsDone = [CleanedUp, Closed, Cancelled];

    public static IReadOnlyList<OrderEffect> Of(WorkOrder? before, WorkOrder after, WorkOrderCommand? command, Actor actor, SlaClock? breached = null)
    {
        var effects = new List<OrderEffect>();
        var prefix = $"{after.Version}";
        string NextId(string kind) => $"{prefix}/{kind}/{effects.Count + 1}";

        if (before?.TechnicianId is { } technicianId && WorkOrderLifecycle.OccupiesTechnician(before.Status)
            && (after.TechnicianId != technicianId || !WorkOrderLifecycle.OccupiesTechnician(after.Status)))
        {
            // P3: an offer that ran out is a missed accept on the technician's record, which also drops the order.
            effects.Add(breached is { Kind: ClockKind.Accept }
                ? new RecordMissedAcceptEffect(NextId(Audit.AuditActions.MissedAccept), technicianId, after.UpdatedAt)
                : new ReleaseTechnicianEffect(NextId("release"), technicianId));
        }

        if (breached is not null)
        {
            var key = BreachKey(after.Id, breached);
            var team = WorkOrderLifecycle.TeamFor(breached.Kind, after);
            effects.Add(new RaiseEscalationEffect(NextId("escalate"), team, key, breached.Clause, $"{Kebab.Of(breached.Kind)} deadline {breached.DueAt:u} missed"));
        }

        if (before is { Status: AwaitingParts } && after.Status != AwaitingParts)
        {
            effects.Add(new ClearPartsDemandEffect(NextId("clear-demand")));
        }

        switch (command)
        {
            case AwaitParts awaited:
                effects.Add(new ReservePartsEffect(NextId("reserve"), awaited.Parts));
                break;
            case ReserveArrivedParts arrived:
                effects.Add(new ReservePartsEffect(NextId("reserve"), arrived.Parts, Arrived: true));
                break;
            case RecordCallback { Complaint: { } words } when !string.IsNullOrWhiteSpace(words):
                effects.Add(new OpenComplaintEffect(NextId("complaint"), ComplaintIds.FromCallback(after.Id), words, actor));
                break;
            case RequestSupport when after.SupportRequests.Count > 0:
                var request = after.SupportRequests[^1];
                effects.Add(new RaiseEscalationEffect(NextId("support"), Teams.Support, SupportKey(after.Id, request.Number), "TS1",
                    $"support request {request.Number} from {request.AskedBy} on work order {after.Id}"));
                effects.Add(new RecordSupportCaseEffect(NextId("support-case"), request.Number));
                break;
            case AnswerSupport answer:
                effects.Add(new AcknowledgeEscalationEffect(NextId("support-ack"), Teams.Support, SupportKey(after.Id, answer.Number), actor));
                effects.Add(new RecordSupportCaseEffect(NextId("support-case"), answer.Number));
                break;
            case Complete when after.SelfCheck is { StandardCategory: { } category, StandardVersion: > 0 and var version }:
                effects.Add(new RecordStandardUseEffect(NextId("standard-use"), category, version));
                break;
        }

        if (before is not null && !PartsDone.Contains(before.Status) && PartsDone.Contains(after.Status) && ReservableBins(after) is { Count: > 0 } bins)
        {
            effects.Add(new ReleasePartsEffect(NextId("release-parts"), bins));
        }

        for (var index = before?.Notifications.Count ?? 0; index < after.Notifications.Count; index++)
        {
            effects.Add(new SendNotificationEffect(NextId("notify"), index));
        }

        return effects;
    }

    /// <summary>Every bin that may hold a reservation for the order: those recorded on it, and the van and warehouse of
    /// every part it waited for (a reservation still being retried when the repair moved on is not recorded yet).</summary>
    private static IReadOnlyList<PartLine> ReservableBins(WorkOrder order)
    {
        var locations = new[] { order.TechnicianId is { } t ? $"van-{t}" : null, $"wh-{order.Region}" }.OfType<string>().ToArray();
        return order.PartsReserved.Select(l => (l.Location, l.Sku))
            .Concat(order.PartsWaits.SelectMany(w => w.Parts).SelectMany(p => locations.Select(location => (Location: location, p.Sku))))
            .Distinct()
            .Select(b => new PartLine(b.Location, b.Sku, 0))
            .ToArray();
    }

    /// <summary>A support request's escalation is named after the order and the request's number: once per request.</summary>
    public static string SupportKey(string orderId, int number) => $"support/{orderId}/{number}";

    /// <summary>The escalation of a breached clock is named after the order, the clock and when it started: once per breach.</summary>
    public static string BreachKey(string orderId, SlaClock clock) => $"{orderId}/{Kebab.Of(clock.Kind)}/{clock.StartedAt.UtcTicks}";
}
