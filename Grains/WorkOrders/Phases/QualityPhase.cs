using FieldService.Audit;
using FieldService.Clocks;
using FieldService.Grains.Clocks;
using FieldService.Grains.Common;
using FieldService.WorkOrders;
using static FieldService.WorkOrders.WorkOrderStatus;

namespace FieldService.Grains.WorkOrders.Phases;

// Quality (Q3, Q4): completion with its self-check, inspection and rework, compensation claims. The checks against
// the standard and the changes are QualityRules'; these rules say when and by whom.

/// <summary>P7/Q3: repaired and self-checked item by item against the standard; awaits inspection when Q3 requires one.</summary>
public sealed class CompleteRule : CommandRule<Complete>
{
    public override string Action => AuditActions.Complete;

    public override IReadOnlyList<WorkOrderStatus> From => [InRepair];

    public override StepActor Who => StepActor.AssignedTechnician;

    public override bool NeedsQuality => true;

    protected override Failure? Validate(Complete c, DateTimeOffset now, QualityContext? quality) =>
        new Validation().Optional("notes", c.Notes).ToFailure() ?? QualityRules.ValidateChecklist(c, quality?.Standard);

    protected override WorkOrder Apply(WorkOrder order, Complete c, Actor actor, DateTimeOffset now, QualityContext? quality) =>
        quality?.Requirement is null
            ? throw new InvalidOperationException("A completion is decided once its inspection requirement is known (Q3: sampled after the legality check).")
            : QualityRules.Apply(order, c, actor, now, quality);

    protected override string? Reason(Complete c, WorkOrder after, QualityContext? quality) => QualityRules.ReasonOf(c, after, quality);

    protected override AuditEntryFacts? Facts(Complete c, WorkOrder after) => QualityRules.FactsOf(c, after);

    /// <summary>CS3: the customer hears of the completion once they may sign it (a sampled repair: after its inspection).</summary>
    protected override string? CustomerNotice(WorkOrder after, Complete command) =>
        after.Status == Completed ? $"The repair {after.Id} is complete; please check it and sign the acceptance." : null;

    protected override void Clocks(ClockBook clocks, WorkOrder after, Complete c)
    {
        clocks.Meet(ClockKind.Rework);
        clocks.Start(ClockKind.Callback);
    }
}

/// <summary>Q3/Q4: the inspector's verdict; a failed item sends the repair back for rework.</summary>
public sealed class RecordInspectionRule : CommandRule<RecordInspection>
{
    public override string Action => AuditActions.Inspection;

    public override IReadOnlyList<WorkOrderStatus> From => [AwaitingInspection];

    public override bool NeedsQuality => true;

    /// <summary>Q3: a designated inspector inspects, never the technician who did the repair.</summary>
    public override Failure? Guard(string id, WorkOrder order, Actor actor) =>
        actor.TechnicianId is { } self && self == order.TechnicianId
            ? Failure.Conflict($"{self} repaired work order {id} and cannot inspect it (Q3: a designated inspector inspects).", Kebab.Of(order.Status))
            : null;

    protected override Failure? Validate(RecordInspection c, DateTimeOffset now, QualityContext? quality)
    {
        var v = new Validation().Optional("notes", c.Notes);
        if (c.Results.Any(r => !r.Passed) && string.IsNullOrWhiteSpace(c.Notes))
        {
            v.Add("notes", "say what must be reworked when an item fails (Q4)");
        }

        return v.ToFailure() ?? QualityRules.ValidateChecklist(c, quality?.Standard);
    }

    protected override WorkOrder Apply(WorkOrder order, RecordInspection c, Actor actor, DateTimeOffset now, QualityContext? quality) =>
        QualityRules.Apply(order, c, actor, now, quality);

    protected override string? Reason(RecordInspection c, WorkOrder after, QualityContext? quality) => QualityRules.ReasonOf(c, after, quality);

    protected override AuditEntryFacts? Facts(RecordInspection c, WorkOrder after) => QualityRules.FactsOf(c, after);

    /// <summary>CS3: a sampled repair is the customer's to sign once it passed (worded as a completion).</summary>
    protected override string? CustomerNotice(WorkOrder after, RecordInspection command) =>
        after.Status == Completed ? $"The repair {after.Id} is complete; please check it and sign the acceptance." : null;

    protected override void Clocks(ClockBook clocks, WorkOrder after, RecordInspection c)
    {
        if (after.Status == InRepair)
        {
            // Q4: a failed inspection undoes the completion; the callback is due 24 h after the next one.
            clocks.Stop(ClockKind.Callback);
            clocks.Start(ClockKind.Rework);
        }
    }
}

/// <summary>Q4: a compensation claim for a loss the repair caused.</summary>
public sealed class FileClaimRule : CommandRule<FileClaim>
{
    public override string Action => AuditActions.Claim;

    public override IReadOnlyList<WorkOrderStatus> From => QualityPhase.AfterArrival;

    protected override Failure? Validate(FileClaim c, DateTimeOffset now, QualityContext? quality)
    {
        var v = new Validation().Required("reason", c.Reason, Validation.MaxText);
        if (c.Amount is <= 0 or > 10_000_000)
        {
            v.Add("amount", "must be more than 0 and at most 10,000,000");
        }

        return v.ToFailure();
    }

    protected override WorkOrder Apply(WorkOrder order, FileClaim c, Actor actor, DateTimeOffset now, QualityContext? quality) =>
        QualityRules.Apply(order, c, actor, now, quality);

    protected override string? Reason(FileClaim c, WorkOrder after, QualityContext? quality) => QualityRules.ReasonOf(c, after, quality);
}

/// <summary>Q4: a manager decides an open claim.</summary>
public sealed class DecideClaimRule : CommandRule<DecideClaim>
{
    public override string Action => AuditActions.ClaimDecision;

    public override IReadOnlyList<WorkOrderStatus> From => QualityPhase.AfterArrival;

    public override IEnumerable<int> Open(WorkOrder order) => order.Claims.Where(c => c.Decision is null).Select(c => c.Number);

    protected override Failure? Conflicting(string id, WorkOrder order, DecideClaim c) =>
        order.Claims.All(x => x.Number != c.Number) ? Failure.NotFound($"Work order {id} has no claim {c.Number}.")
        : !Open(order).Contains(c.Number) ? Failure.Conflict($"Claim {c.Number} of work order {id} is already decided.", Kebab.Of(order.Status))
        : null;

    protected override Failure? Validate(DecideClaim c, DateTimeOffset now, QualityContext? quality)
    {
        var v = new Validation().Required("notes", c.Notes, Validation.MaxText);
        if (c.ResponsibleTechnicianId is not null)
        {
            v.Identifier("responsibleTechnicianId", c.ResponsibleTechnicianId);
        }

        if (c.Approved && c.AmountApproved is null)
        {
            v.Add("amountApproved", "is required when the claim is approved");
        }

        if (c.AmountApproved is < 0)
        {
            v.Add("amountApproved", "must not be negative");
        }

        return v.ToFailure();
    }

    protected override WorkOrder Apply(WorkOrder order, DecideClaim c, Actor actor, DateTimeOffset now, QualityContext? quality) =>
        QualityRules.Apply(order, c, actor, now, quality);

    protected override string? Reason(DecideClaim c, WorkOrder after, QualityContext? quality) => QualityRules.ReasonOf(c, after, quality);
}

public static class QualityPhase
{
    /// <summary>Q4: from the technician's arrival on, the repair can cause a loss (a claim) — also after the order closed.</summary>
    public static readonly WorkOrderStatus[] AfterArrival =
        [OnSite, Diagnosed, InRepair, AwaitingParts, AwaitingInspection, Completed, CustomerAccepted, CleanedUp, Closed];
}
