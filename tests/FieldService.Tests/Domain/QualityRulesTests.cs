using FieldService.Grains.WorkOrders;
using FieldService.Quality;
using FieldService.Tests.Infrastructure;
using FieldService.WorkOrders;

namespace FieldService.Tests.Domain;

/// <summary>Q1/Q3/Q4/TS1 as pure lifecycle decisions: self-check item by item, inspection, rework, claims, support.</summary>
public sealed class QualityRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);
    private static readonly Actor Agent = new("agent-1", Roles.Agent);
    private static readonly Actor Technician = new("user-t-1", Roles.Technician, TechnicianId: "t-1");
    private static readonly Actor Inspector = Checks.Inspector;
    private static readonly Actor Manager = new("manager-1", Roles.Manager);
    private static readonly Actor Support = new("support-1", Roles.Support);

    private static readonly Standard Pumps = new("pumps", 3,
    [
        new ChecklistItem("pressure", "Holds 6 bar for 10 minutes", "Pressure gauge"),
        new ChecklistItem("seal", "No leak at the shaft seal", "Visual, dry paper"),
    ], null, Now, "support-1");

    private static Result<WorkOrderChange> Decide(WorkOrder order, WorkOrderCommand command, Actor actor, QualityContext? quality = null) =>
        WorkOrderLifecycle.Decide(order.Id, order, command, actor, Now, quality: quality ?? Checks.ContextFor(command, Now));

    private static WorkOrder Step(WorkOrder order, WorkOrderCommand command, Actor actor, QualityContext? quality = null)
    {
        var result = Decide(order, command, actor, quality);
        Assert.True(result.Succeeded, $"{command.GetType().Name} from {order.Status} was refused: {result.Failure?.Message}");
        return result.Value!.Order;
    }

    private static WorkOrder InRepair()
    {
        var order = WorkOrderLifecycle.Report("wo-q", null, Intakes.Fault(), Agent, Now).Value!.Order;
        order = Step(order, new Triage(true, null), Agent);
        order = Step(order, new Dispatch("t-1"), new Actor("disp-1", Roles.Dispatcher));
        foreach (var command in new WorkOrderCommand[] { new Accept(), new StartTravel(null), new Arrive(), new Diagnose("seal", false, null), new StartRepair() })
        {
            order = Step(order, command, Technician);
        }

        return order;
    }

    private static QualityContext Sampled => Checks.ContextFor(Checks.Complete(), Now, inspect: true)!;

    private static IReadOnlyList<CheckResult> PumpResults(bool sealPassed = true) =>
        [new CheckResult("pressure", true), new CheckResult("seal", sealPassed, sealPassed ? null : "drips")];

    [Fact]
    public void Q1_Q3_the_self_check_answers_every_item_of_the_category_standard_and_the_order_records_its_version()
    {
        var order = Step(InRepair(), new Complete(PumpResults(), "dry"), Technician, new QualityContext(Pumps, Sampled.Requirement));

        Assert.Equal(("pumps", 3), (order.SelfCheck!.StandardCategory, order.SelfCheck.StandardVersion));
        Assert.Equal(["pressure", "seal"], order.SelfCheck.Results!.Select(r => r.ItemId));
    }

    [Fact]
    public void Q3_a_checklist_that_misses_repeats_or_invents_an_item_is_refused_item_by_item()
    {
        var quality = new QualityContext(Pumps, Sampled.Requirement);
        var missing = Decide(InRepair(), new Complete([new CheckResult("pressure", true)], null), Technician, quality).Failure!;
        var repeated = Decide(InRepair(), new Complete([.. PumpResults(), new CheckResult("seal", true)], null), Technician, quality).Failure!;
        var invented = Decide(InRepair(), new Complete([.. PumpResults(), new CheckResult("paint", true)], null), Technician, quality).Failure!;

        Assert.Contains("seal", missing.Errors!["checklist"].Single(), StringComparison.Ordinal);
        Assert.Equal(["checklist[2].itemId"], repeated.Errors!.Keys);
        Assert.Equal(["checklist[2].itemId"], invented.Errors!.Keys);
    }

    [Fact]
    public void Q3_a_failed_self_check_item_blocks_completion()
    {
        var failure = Decide(InRepair(), new Complete(PumpResults(sealPassed: false), null), Technician, new QualityContext(Pumps, Sampled.Requirement)).Failure!;

        Assert.Equal(FailureKind.Invalid, failure.Kind);
        Assert.Equal(["checklist[1].passed"], failure.Errors!.Keys);
    }

    [Fact]
    public void Q3_a_sampled_repair_waits_for_inspection_and_the_customer_signs_only_after_a_pass()
    {
        var waiting = Step(InRepair(), Checks.Complete(), Technician, Sampled);

        var early = Decide(waiting, new RecordAcceptance("Ms Chen", "data:,x"), Technician).Failure!;
        var passed = Step(waiting, Checks.Pass(), Inspector);
        var signed = Step(passed, new RecordAcceptance("Ms Chen", "data:,x"), Technician);

        Assert.Equal(WorkOrderStatus.AwaitingInspection, waiting.Status);
        Assert.Equal((FailureKind.Conflict, "awaiting-inspection"), (early.Kind, early.CurrentStatus));
        Assert.Equal(WorkOrderStatus.Completed, passed.Status);
        Assert.Equal(WorkOrderStatus.CustomerAccepted, signed.Status);
    }

    [Fact]
    public void Q3_a_repair_not_sampled_goes_straight_to_the_customer()
    {
        var order = Step(InRepair(), Checks.Complete(), Technician);

        Assert.Equal(WorkOrderStatus.Completed, order.Status);
        Assert.Equal(InspectionReason.NotSampled, order.InspectionRequirement!.Reason);
        Assert.Equal("completed", Decide(order, Checks.Pass(), Inspector).Failure!.CurrentStatus);
    }

    [Fact]
    public void Q4_a_failed_inspection_sends_the_repair_back_to_its_technician_and_the_rework_is_inspected_again()
    {
        var waiting = Step(InRepair(), Checks.Complete(), Technician, Sampled);

        var failed = Decide(waiting, Checks.Fail("earth lead loose"), Inspector).Value!;
        var reworkRequirement = QualityRules.Mandatory(failed.Order, [], Now);
        var again = Step(failed.Order, Checks.Complete("earth lead tightened"), Technician, new QualityContext(Standards.BuiltInGeneral, reworkRequirement));
        var passed = Step(again, Checks.Pass(), Inspector);

        Assert.Equal((WorkOrderStatus.InRepair, "awaiting-inspection", "in-repair"), (failed.Order.Status, failed.Entry.FromStatus, failed.Entry.ToStatus));
        Assert.StartsWith("failed: function-test", failed.Entry.Reason, StringComparison.Ordinal);
        Assert.Equal("t-1", failed.Order.Inspections.Single().ResponsibleTechnicianId);
        Assert.Null(failed.Order.CompletedAt);
        Assert.Equal(InspectionReason.ReInspection, reworkRequirement!.Reason);
        Assert.Equal(WorkOrderStatus.AwaitingInspection, again.Status);
        Assert.Equal([false, true], passed.Inspections.Select(i => i.Passed));
        Assert.Equal(WorkOrderStatus.Completed, passed.Status);
    }

    [Fact]
    public void Q4_a_failed_inspection_must_say_what_to_rework_and_the_repairing_technician_cannot_inspect()
    {
        var waiting = Step(InRepair(), Checks.Complete(), Technician, Sampled);
        var silent = Checks.Fail("x") with { Notes = null };
        var selfInspector = new Actor("user-t-1", "technician+inspector", TechnicianId: "t-1");

        Assert.Equal(["notes"], Decide(waiting, silent, Inspector).Failure!.Errors!.Keys);
        Assert.Equal(FailureKind.Conflict, Decide(waiting, Checks.Pass(), selfInspector).Failure!.Kind);
    }

    [Fact]
    public void Q3_critical_equipment_and_key_parts_are_always_inspected_without_asking_the_sampler()
    {
        var critical = InRepair() with { Product = Intakes.Fault(critical: true).Product };

        Assert.Equal(InspectionReason.Critical, QualityRules.Mandatory(critical, [], Now)!.Reason);
        Assert.Equal(InspectionReason.Critical, QualityRules.Mandatory(InRepair(), ["PUMP-3"], Now)!.Reason);
        // The rule as data, for the pages to word: which one, and the key parts that made it.
        Assert.Equal("critical-equipment", QualityRules.Mandatory(critical, [], Now)!.Trace!.Rule);
        var keyParts = QualityRules.Mandatory(InRepair(), ["PUMP-3", "FAN-1"], Now)!.Trace!;
        Assert.Equal("key-parts", keyParts.Rule);
        Assert.Equal(["FAN-1", "PUMP-3"], keyParts.Parts!);
        Assert.Null(QualityRules.Mandatory(InRepair(), [], Now));
    }

    [Fact]
    public void Q4_a_claim_is_filed_then_decided_once_with_the_responsible_technician()
    {
        var completed = Step(InRepair(), Checks.Complete(), Technician);
        var filed = Step(completed, new FileClaim(1200m, "water damage to the ceiling"), Agent);

        var decided = Decide(filed, new DecideClaim(1, true, 800m, null, "ceiling repainted at our cost"), Manager).Value!;
        var twice = Decide(decided.Order, new DecideClaim(1, false, null, null, "again"), Manager).Failure!;
        var unknown = Decide(filed, new DecideClaim(9, false, null, null, "no such claim"), Manager).Failure!;
        var noAmount = Decide(filed, new DecideClaim(1, true, null, null, "approved"), Manager).Failure!;

        var claim = decided.Order.Claims.Single();
        Assert.Equal((1200m, "t-1"), (claim.Amount, claim.ResponsibleTechnicianId));
        Assert.Equal((true, 800m, "t-1", "manager-1"), (claim.Decision!.Approved, claim.Decision.AmountApproved, claim.Decision.ResponsibleTechnicianId, claim.Decision.By));
        Assert.Equal(("claim-decision", "t-1"), (decided.Entry.Action, decided.Entry.TechnicianId));
        Assert.Equal(FailureKind.Conflict, twice.Kind);
        Assert.Equal(FailureKind.NotFound, unknown.Kind);
        Assert.Equal(["amountApproved"], noAmount.Errors!.Keys);
    }

    [Fact]
    public void TS1_a_support_request_records_the_question_the_answer_and_the_time_taken()
    {
        var asked = Step(InRepair(), new RequestSupport("Compressor trips at start; relay and capacitor are new"), Technician);
        var answered = WorkOrderLifecycle.Decide(asked.Id, asked, new AnswerSupport(1, "Check the start winding resistance"), Support, Now.AddMinutes(25)).Value!;

        var request = answered.Order.SupportRequests.Single();
        Assert.Equal(("user-t-1", "support-1", TimeSpan.FromMinutes(25)), (request.AskedBy, request.AnsweredBy, request.TimeTaken));
        Assert.Equal("support-answer", answered.Entry.Action);
        Assert.Equal(FailureKind.Conflict, Decide(answered.Order, new AnswerSupport(1, "again"), Support).Failure!.Kind);
        Assert.Equal(FailureKind.NotFound, Decide(asked, new RequestSupport("from someone else"), new Actor("user-t-2", Roles.Technician, TechnicianId: "t-2")).Failure!.Kind);
    }
}
