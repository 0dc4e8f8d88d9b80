using FieldService.Grains.WorkOrders;
using FieldService.Tests.Infrastructure;
using FieldService.WorkOrders;

namespace FieldService.Tests.Domain;

/// <summary>Issue 13.5: the rule the grain applies to a command's expected version, without a cluster.</summary>
public sealed class WorkOrderPreconditionTests
{
    private static readonly WorkOrder Order = WorkOrderLifecycle.Report(
        "wo-1", null, Intakes.Fault() with { CustomerId = "c-1" }, Actor.System, ClusterFixture.Start).Value!.Order with
    {
        Status = WorkOrderStatus.Dispatched,
        TechnicianId = "t-1",
        Version = 4,
    };

    private static readonly Actor Technician = new("u1", Roles.Technician, TechnicianId: "t-1");

    [Fact]
    public void Concurrency_another_version_is_refused_naming_the_current_version_and_status()
    {
        var refused = WorkOrderPrecondition.Refuse("wo-1", Order, new Accept(), Technician, expectedVersion: 3);

        Assert.Equal((FailureKind.PreconditionFailed, 4L, "dispatched"), (refused!.Kind, refused.CurrentVersion, refused.CurrentStatus));
    }

    [Fact]
    public void Concurrency_the_current_version_or_none_lets_the_step_be_judged()
    {
        Assert.Null(WorkOrderPrecondition.Refuse("wo-1", Order, new Accept(), Technician, expectedVersion: 4));
        Assert.Null(WorkOrderPrecondition.Refuse("wo-1", Order, new Accept(), Technician, expectedVersion: null));
    }

    [Fact]
    public void Concurrency_an_order_that_is_missing_or_not_the_callers_is_left_to_the_lifecycles_404()
    {
        var stranger = new Actor("u2", Roles.Technician, TechnicianId: "t-2");

        Assert.Null(WorkOrderPrecondition.Refuse("wo-1", null, new Accept(), Technician, expectedVersion: 3));
        Assert.Null(WorkOrderPrecondition.Refuse("wo-1", Order, new Accept(), stranger, expectedVersion: 3));
    }
}
