using FieldService.Grains.WorkOrders;
using FieldService.Tests.Infrastructure;
using FieldService.WorkOrders;

namespace FieldService.Tests.Domain;

/// <summary>Object-level access (OWASP API1) and customer confidentiality (H3) per work order.</summary>
public sealed class WorkOrderAccessTests
{
    private static readonly WorkOrder Order = WorkOrderLifecycle.Report(
        "wo-1", null, Intakes.Fault() with { CustomerId = "c-1" }, Actor.System, ClusterFixture.Start).Value!.Order with
    {
        Status = WorkOrderStatus.Dispatched,
        TechnicianId = "t-1",
    };

    private static readonly Actor AssignedTechnician = new("u1", Roles.Technician, TechnicianId: "t-1");
    private static readonly Actor OtherTechnician = new("u2", Roles.Technician, TechnicianId: "t-2");
    private static readonly Actor OwningCustomer = new("u3", Roles.Customer, CustomerId: "c-1");
    private static readonly Actor OtherCustomer = new("u4", Roles.Customer, CustomerId: "c-2");

    [Fact]
    public void P3_only_the_assigned_technician_may_accept()
    {
        Assert.True(WorkOrderAccess.MayTake(Order, new Accept(), AssignedTechnician));
        Assert.False(WorkOrderAccess.MayTake(Order, new Accept(), OtherTechnician));
        Assert.False(WorkOrderAccess.MayTake(Order, new Accept(), new Actor("d1", Roles.Dispatcher)));
    }

    [Fact]
    public void P3_another_technicians_refusal_reads_as_an_unknown_order()
    {
        var refused = WorkOrderLifecycle.Decide("wo-1", Order, new Accept(), OtherTechnician, ClusterFixture.Start);

        Assert.Equal(FailureKind.NotFound, refused.Failure!.Kind);
    }

    [Fact]
    public void P7_the_owning_customer_or_the_assigned_technician_may_sign()
    {
        var sign = new RecordAcceptance("Ms Chen", "data:,x");

        Assert.True(WorkOrderAccess.MayTake(Order, sign, OwningCustomer));
        Assert.True(WorkOrderAccess.MayTake(Order, sign, AssignedTechnician));
        Assert.False(WorkOrderAccess.MayTake(Order, sign, OtherCustomer));
    }

    [Fact]
    public void A_customer_sees_only_their_own_orders_and_a_technician_only_theirs()
    {
        Assert.True(WorkOrderAccess.MaySee(Order, OwningCustomer));
        Assert.False(WorkOrderAccess.MaySee(Order, OtherCustomer));
        Assert.True(WorkOrderAccess.MaySee(Order, AssignedTechnician));
        Assert.False(WorkOrderAccess.MaySee(Order, OtherTechnician));
        Assert.True(WorkOrderAccess.MaySee(Order, new Actor("a1", Roles.Auditor)));
    }

    [Theory]
    [InlineData(Roles.Inspector)]
    [InlineData(Roles.Manager)]
    [InlineData(Roles.Auditor)]
    [InlineData(Roles.Emergency)]
    [InlineData(Roles.Storekeeper)]
    [InlineData(Roles.Admin)]
    public void H3_contact_data_is_masked_for_roles_without_a_need_to_know(string role)
    {
        var customer = WorkOrderAccess.ViewFor(Order, new Actor("x", role)).Customer;

        Assert.Equal(("Harbour Hotel", "•••01", "•••@harbour.example", "(confidential)", null),
            (customer.Name, customer.Phone, customer.Email, customer.Address, customer.Location));
    }

    [Fact]
    public void H3_contact_data_is_shown_to_customer_service_dispatch_the_owner_and_the_assigned_technician_only()
    {
        foreach (var actor in new[] { new Actor("a", Roles.Agent), new Actor("d", Roles.Dispatcher), OwningCustomer, AssignedTechnician })
        {
            Assert.Equal(Order.Customer, WorkOrderAccess.ViewFor(Order, actor).Customer);
        }

        var afterReassignment = Order with { TechnicianId = "t-2" };
        Assert.Equal("(confidential)", WorkOrderAccess.ViewFor(afterReassignment, AssignedTechnician).Customer.Address);
    }

    [Fact]
    public void H3_a_customer_record_never_prints_its_contact_data()
    {
        var printed = $"{Order.Customer} {Intakes.Fault()}";

        Assert.DoesNotContain("5555", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("facilities@", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("Riverside", printed, StringComparison.Ordinal);
    }
}
