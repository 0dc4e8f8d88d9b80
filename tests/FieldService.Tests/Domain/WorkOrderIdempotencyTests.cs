using FieldService.Grains.WorkOrders;
using FieldService.WorkOrders;

namespace FieldService.Tests.Domain;

/// <summary>Issue 14.5: how an order judges a step's idempotency key, without a cluster.</summary>
public sealed class WorkOrderIdempotencyTests
{
    private static readonly Actor Technician = new("u1", Roles.Technician, TechnicianId: "t-1");

    private static Complete Completion(bool passed) => new([new CheckResult("seal", passed, null), new CheckResult("noise", true, "quiet")], null) { IdempotencyKey = "k-1" };

    [Fact]
    public void Issue14_the_same_caller_and_command_under_a_remembered_key_is_a_replay_even_with_lists_made_anew()
    {
        var remembered = new List<IdempotentStep> { WorkOrderIdempotency.StepOf(Completion(true), Technician, 9)! };

        Assert.True(WorkOrderIdempotency.Judge(remembered, Completion(true), Technician).IsReplay);
    }

    [Fact]
    public void Issue14_another_command_another_body_or_another_caller_under_a_remembered_key_is_refused_as_invalid()
    {
        var remembered = new List<IdempotentStep> { WorkOrderIdempotency.StepOf(Completion(true), Technician, 9)! };
        var stranger = new Actor("u2", Roles.Technician, TechnicianId: "t-1");

        foreach (var (command, actor) in new (WorkOrderCommand, Actor)[]
                 { (Completion(false), Technician), (new Arrive { IdempotencyKey = "k-1" }, Technician), (Completion(true), stranger) })
        {
            var verdict = WorkOrderIdempotency.Judge(remembered, command, actor);
            Assert.Equal(FailureKind.Invalid, verdict.Refusal?.Kind);
            Assert.Contains("Idempotency-Key", verdict.Refusal!.Errors!.Keys);
        }
    }

    [Fact]
    public void Issue14_a_command_without_a_key_or_with_a_new_one_is_a_new_step()
    {
        var remembered = new List<IdempotentStep> { WorkOrderIdempotency.StepOf(Completion(true), Technician, 9)! };

        Assert.Equal(IdempotencyVerdict.New, WorkOrderIdempotency.Judge(remembered, new Arrive(), Technician));
        Assert.Equal(IdempotencyVerdict.New, WorkOrderIdempotency.Judge(remembered, new Arrive { IdempotencyKey = "k-2" }, Technician));
        Assert.Null(WorkOrderIdempotency.StepOf(new Arrive(), Technician, 3));
    }

    [Fact]
    public void Issue14_an_order_remembers_only_its_most_recent_keys()
    {
        var remembered = new List<IdempotentStep>();
        for (var i = 1; i <= WorkOrderLimits.RememberedIdempotencyKeys + 5; i++)
        {
            WorkOrderIdempotency.Remember(remembered, WorkOrderIdempotency.StepOf(new ReportProgress($"note {i}") { IdempotencyKey = $"k-{i}" }, Technician, i)!);
        }

        Assert.Equal(WorkOrderLimits.RememberedIdempotencyKeys, remembered.Count);
        Assert.Equal("k-6", remembered[0].Key);
        Assert.Equal(IdempotencyVerdict.New, WorkOrderIdempotency.Judge(remembered, new ReportProgress("note 1") { IdempotencyKey = "k-1" }, Technician));
    }
}
