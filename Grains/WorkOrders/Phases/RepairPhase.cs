using FieldService.Audit;
using FieldService.Grains.Common;
using FieldService.WorkOrders;
using static FieldService.WorkOrders.WorkOrderStatus;

namespace FieldService.Grains.WorkOrders.Phases;

// The repair (P5, P6, M3, TS1): diagnosis, the repair with its waits for parts, what the bins did, support requests.

/// <summary>P5: the cause, with time and cost estimate for complex faults.</summary>
public sealed class DiagnoseRule : CommandRule<Diagnose>
{
    public override string Action => AuditActions.Diagnosis;

    public override IReadOnlyList<WorkOrderStatus> From => [OnSite];

    public override WorkOrderStatus? To => Diagnosed;

    public override StepActor Who => StepActor.AssignedTechnician;

    protected override Failure? Validate(Diagnose c, DateTimeOffset now, QualityContext? quality)
    {
        var v = new Validation().Required("cause", c.Cause, Validation.MaxText);
        RepairPhase.ValidateParts(v, c.Parts ?? [], required: false);
        if (c.Complex && c.Estimate is null)
        {
            v.Add("estimate", "is required for a complex fault (P5: estimate time and cost)");
        }

        if (c.Estimate is { } estimate)
        {
            v.Duration("estimate.duration", estimate.Duration);
            if (estimate.Cost < 0)
            {
                v.Add("estimate.cost", "must not be negative");
            }
        }

        return v.ToFailure();
    }

    protected override WorkOrder Apply(WorkOrder order, Diagnose c, Actor actor, DateTimeOffset now, QualityContext? quality) =>
        order with { Diagnosis = new Diagnosis(c.Cause, c.Complex, c.Estimate, now, actor.Id, c.Parts is { Count: > 0 } parts ? parts : null) };

    protected override string? Reason(Diagnose c, WorkOrder after, QualityContext? quality) =>
        c.Estimate is { } e ? $"{c.Cause} (complex; estimate {e.Duration}, cost {e.Cost})" : c.Cause;
}

/// <summary>P6: start the repair, or resume it once the parts are there.</summary>
public sealed class StartRepairRule : CommandRule<StartRepair>
{
    public override string Action => AuditActions.StartRepair;

    public override IReadOnlyList<WorkOrderStatus> From => [Diagnosed, AwaitingParts];

    public override WorkOrderStatus? To => InRepair;

    public override StepActor Who => StepActor.AssignedTechnician;

    protected override WorkOrder Apply(WorkOrder order, StartRepair c, Actor actor, DateTimeOffset now, QualityContext? quality) =>
        order.Status == AwaitingParts
            ? order with { PartsWaits = [.. order.PartsWaits.SkipLast(1), order.PartsWaits[^1] with { Until = now }] }
            : order with { RepairStartedAt = now };
}

/// <summary>P6: progress reported to customer service.</summary>
public sealed class ReportProgressRule : CommandRule<ReportProgress>
{
    public override string Action => AuditActions.Progress;

    public override IReadOnlyList<WorkOrderStatus> From => [Diagnosed, InRepair, AwaitingParts];

    public override StepActor Who => StepActor.AssignedTechnician;

    protected override Failure? Validate(ReportProgress c, DateTimeOffset now, QualityContext? quality) =>
        new Validation().Required("note", c.Note, Validation.MaxText).ToFailure();

    protected override WorkOrder Apply(WorkOrder order, ReportProgress c, Actor actor, DateTimeOffset now, QualityContext? quality) =>
        order with { Progress = [.. order.Progress, new ProgressNote(c.Note, now, actor.Id)] };

    protected override string? Reason(ReportProgress c, WorkOrder after, QualityContext? quality) => c.Note;
}

/// <summary>P6: the repair waits for parts (the reservation follows as an effect).</summary>
public sealed class AwaitPartsRule : CommandRule<AwaitParts>
{
    public override string Action => AuditActions.AwaitParts;

    public override IReadOnlyList<WorkOrderStatus> From => [Diagnosed, InRepair];

    public override WorkOrderStatus? To => AwaitingParts;

    public override StepActor Who => StepActor.AssignedTechnician;

    protected override Failure? Validate(AwaitParts c, DateTimeOffset now, QualityContext? quality)
    {
        var v = new Validation();
        RepairPhase.ValidateParts(v, c.Parts, required: true);
        return v.ToFailure();
    }

    protected override WorkOrder Apply(WorkOrder order, AwaitParts c, Actor actor, DateTimeOffset now, QualityContext? quality) =>
        order with { PartsWaits = [.. order.PartsWaits, new PartsWait(c.Parts, now, null)] };

    protected override string? Reason(AwaitParts c, WorkOrder after, QualityContext? quality) =>
        "waiting for " + string.Join(", ", c.Parts.Select(p => $"{p.Quantity} x {p.Sku}"));
}

/// <summary>M3: the platform records what the bins reserved for the order and what was short.</summary>
public sealed class RecordPartsReservedRule : CommandRule<RecordPartsReserved>
{
    public override string Action => AuditActions.PartsReserved;

    public override IReadOnlyList<WorkOrderStatus> From => [AwaitingParts];

    public override StepActor Who => StepActor.Platform;

    protected override WorkOrder Apply(WorkOrder order, RecordPartsReserved c, Actor actor, DateTimeOffset now, QualityContext? quality) =>
        order with { PartsReserved = c.Reserved.Aggregate(order.PartsReserved, RepairPhase.Merge) };

    protected override string? Reason(RecordPartsReserved c, WorkOrder after, QualityContext? quality) =>
        "reserved " + (c.Reserved.Count == 0 ? "nothing" : string.Join(", ", c.Reserved.Select(l => $"{l.Quantity} x {l.Sku} at {l.Location}")))
        + (c.Short.Count == 0 ? "" : "; short " + string.Join(", ", c.Short.Select(p => $"{p.Quantity} x {p.Sku}")));

    protected override AuditEntryFacts? Facts(RecordPartsReserved c, WorkOrder after) => new() { Parts = c.Reserved };
}

/// <summary>M3: stock arrived in a bin the order waits for (a delivery, a transfer, an approved count): the platform
/// asks the bins again for what is still short; the reservation that follows is recorded as <c>parts-reserved</c>.</summary>
public sealed class ReserveArrivedPartsRule : CommandRule<ReserveArrivedParts>
{
    public override string Action => AuditActions.PartsArrived;

    public override IReadOnlyList<WorkOrderStatus> From => [AwaitingParts];

    public override StepActor Who => StepActor.Platform;

    protected override Failure? Validate(ReserveArrivedParts c, DateTimeOffset now, QualityContext? quality)
    {
        var v = new Validation();
        RepairPhase.ValidateParts(v, c.Parts, required: true);
        return v.ToFailure();
    }

    protected override WorkOrder Apply(WorkOrder order, ReserveArrivedParts c, Actor actor, DateTimeOffset now, QualityContext? quality) => order;

    protected override string? Reason(ReserveArrivedParts c, WorkOrder after, QualityContext? quality) =>
        "stock arrived: reserving " + string.Join(", ", c.Parts.Select(p => $"{p.Quantity} x {p.Sku}"));
}

/// <summary>Q2: the platform records parts issued to (or returned from) the repair by a bin.</summary>
public sealed class RecordPartsUsedRule : CommandRule<RecordPartsUsed>
{
    public override string Action => AuditActions.PartsUsed;

    public override IReadOnlyList<WorkOrderStatus> From => [Diagnosed, InRepair, AwaitingParts, AwaitingInspection, Completed, CustomerAccepted];

    public override StepActor Who => StepActor.Platform;

    protected override WorkOrder Apply(WorkOrder order, RecordPartsUsed c, Actor actor, DateTimeOffset now, QualityContext? quality) =>
        order with { PartsUsed = RepairPhase.Merge(order.PartsUsed, c.Line) };

    protected override string? Reason(RecordPartsUsed c, WorkOrder after, QualityContext? quality) =>
        c.Line.Quantity > 0 ? $"{c.Line.Quantity} x {c.Line.Sku} issued from {c.Line.Location}" : $"{-c.Line.Quantity} x {c.Line.Sku} returned to {c.Line.Location}";

    protected override AuditEntryFacts? Facts(RecordPartsUsed c, WorkOrder after) => new() { Parts = [c.Line] };
}

/// <summary>TS1: the technician escalates a hard fault to technical support.</summary>
public sealed class RequestSupportRule : CommandRule<RequestSupport>
{
    public override string Action => AuditActions.SupportRequest;

    public override IReadOnlyList<WorkOrderStatus> From => [OnSite, Diagnosed, InRepair, AwaitingParts];

    public override StepActor Who => StepActor.AssignedTechnician;

    protected override Failure? Validate(RequestSupport c, DateTimeOffset now, QualityContext? quality) =>
        new Validation().Required("question", c.Question, Validation.MaxText).ToFailure();

    protected override WorkOrder Apply(WorkOrder order, RequestSupport c, Actor actor, DateTimeOffset now, QualityContext? quality) =>
        QualityRules.Apply(order, c, actor, now, quality);

    protected override string? Reason(RequestSupport c, WorkOrder after, QualityContext? quality) => QualityRules.ReasonOf(c, after, quality);
}

/// <summary>TS1: technical support answers an open request.</summary>
public sealed class AnswerSupportRule : CommandRule<AnswerSupport>
{
    public override string Action => AuditActions.SupportAnswer;

    public override IReadOnlyList<WorkOrderStatus> From => [.. QualityPhase.AfterArrival, Cancelled];

    public override IEnumerable<int> Open(WorkOrder order) => order.SupportRequests.Where(r => r.Answer is null).Select(r => r.Number);

    protected override Failure? Conflicting(string id, WorkOrder order, AnswerSupport c) =>
        order.SupportRequests.All(x => x.Number != c.Number) ? Failure.NotFound($"Work order {id} has no support request {c.Number}.")
        : !Open(order).Contains(c.Number) ? Failure.Conflict($"Support request {c.Number} of work order {id} is already answered.", Kebab.Of(order.Status))
        : null;

    protected override Failure? Validate(AnswerSupport c, DateTimeOffset now, QualityContext? quality) =>
        new Validation().Required("answer", c.Answer, Validation.MaxText).ToFailure();

    protected override WorkOrder Apply(WorkOrder order, AnswerSupport c, Actor actor, DateTimeOffset now, QualityContext? quality) =>
        QualityRules.Apply(order, c, actor, now, quality);

    protected override string? Reason(AnswerSupport c, WorkOrder after, QualityContext? quality) => QualityRules.ReasonOf(c, after, quality);
}

public static class RepairPhase
{
    public static void ValidateParts(Validation v, IReadOnlyList<PartNeed> parts, bool required)
    {
        if (required && parts.Count == 0)
        {
            v.Add("parts", "must name at least one part");
        }

        for (var i = 0; i < parts.Count; i++)
        {
            v.Identifier($"parts[{i}].sku", parts[i].Sku)
                .Range($"parts[{i}].quantity", parts[i].Quantity, 1, 10_000)
                .Optional($"parts[{i}].description", parts[i].Description, Validation.MaxName);
        }
    }

    /// <summary>Adds <paramref name="line"/> to the lines of its bin; a line that comes to zero disappears.</summary>
    public static IReadOnlyList<PartLine> Merge(IReadOnlyList<PartLine> lines, PartLine line)
    {
        var total = lines.Where(l => l.Location == line.Location && l.Sku == line.Sku).Sum(l => l.Quantity) + line.Quantity;
        var others = lines.Where(l => l.Location != line.Location || l.Sku != line.Sku);
        return total == 0 ? others.ToArray() : [.. others, line with { Quantity = total }];
    }
}
