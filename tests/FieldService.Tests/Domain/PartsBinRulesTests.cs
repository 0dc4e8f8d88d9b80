using FieldService.Grains.Parts;
using FieldService.Parts;
using FieldService.WorkOrders;

namespace FieldService.Tests.Domain;

/// <summary>M1–M3 and Q2: the pure rules of a parts bin.</summary>
public sealed class PartsBinRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private static readonly Actor Storekeeper = new("store-1", Roles.Storekeeper);
    private static readonly Supplier Qualified = new("acme", "Acme Parts", Qualified: true);

    private static WorkOrder Order(string id = "wo-1", string? technicianId = "t-1", WorkOrderStatus status = WorkOrderStatus.InRepair) => new()
    {
        Id = id, Status = status, Customer = new Customer("Harbour Hotel", "+86", null, "18 Riverside Road", null),
        Product = new Product("AC-9000", "SN-1", "hvac", false), Fault = new Fault("warm air", Channel.Phone), Priority = Priority.Normal,
        Region = "north", RequiredSkill = new SkillRequirement("hvac", 2), ReportedAt = Now, ReportedBy = "agent-1", TechnicianId = technicianId,
    };

    /// <summary>Applies the commands in turn, as the bin grain does, and returns the bin, its ledger and the last result.</summary>
    private static (PartsBin? Bin, List<PartMovement> Ledger, Result<PartsChange> Last) Run(
        Actor actor, PartsContext context, params PartsCommand[] commands)
    {
        PartsBin? bin = null;
        var ledger = new List<PartMovement>();
        Result<PartsChange> last = default!;
        foreach (var command in commands)
        {
            last = PartsBinRules.Decide("wh-north", "FAN-1", bin, ledger, command, actor, Now, context);
            if (last.Value is { } change)
            {
                bin = change.Bin;
                if (change.Movement is { } movement)
                {
                    ledger.Add(movement);
                }
            }
        }

        return (bin, ledger, last);
    }

    [Fact]
    public void M1_a_delivery_that_passes_inspection_goes_into_stock_and_one_that_fails_into_quarantine()
    {
        var (bin, ledger, _) = Run(Storekeeper, new PartsContext(Qualified, null),
            new ReceiveParts(10, "acme", "COC-1", true, "GRN-1"), new ReceiveParts(3, "acme", "COC-2", false, "GRN-2"));

        Assert.Equal((10, 3, 10), (bin!.OnHand, bin.Quarantined, bin.Available));
        Assert.Equal(["receive", "receive-quarantined"], ledger.Select(m => m.Kind));
        Assert.Equal(("acme", "COC-2", "GRN-2", 3), (ledger[1].SupplierId, ledger[1].Certificate, ledger[1].Document, ledger[1].Quarantined));
    }

    [Fact]
    public void M1_only_a_qualified_supplier_in_the_catalog_delivers_and_only_with_a_certificate()
    {
        var unknown = Run(Storekeeper, new PartsContext(null, null), new ReceiveParts(1, "nobody", "COC", true, null)).Last;
        var unqualified = Run(Storekeeper, new PartsContext(Qualified with { Qualified = false }, null), new ReceiveParts(1, "acme", "COC", true, null)).Last;
        var noCertificate = Run(Storekeeper, new PartsContext(Qualified, null), new ReceiveParts(0, "acme", "", true, null)).Last;

        Assert.Contains("no supplier", unknown.Failure!.Errors!["supplierId"][0], StringComparison.Ordinal);
        Assert.Contains("not qualified", unqualified.Failure!.Errors!["supplierId"][0], StringComparison.Ordinal);
        Assert.Equal(["certificate", "quantity"], noCertificate.Failure!.Errors!.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void M1_quarantined_units_go_back_to_the_supplier_and_no_more_than_are_quarantined()
    {
        var context = new PartsContext(Qualified, null);
        var (bin, _, last) = Run(Storekeeper, context, new ReceiveParts(3, "acme", "COC", false, null), new ReturnToSupplier(2, "RMA-1"));
        var tooMany = Run(Storekeeper, context, new ReceiveParts(3, "acme", "COC", false, null), new ReturnToSupplier(4, null)).Last;

        Assert.True(last.Succeeded);
        Assert.Equal(1, bin!.Quarantined);
        Assert.Equal(FailureKind.Conflict, tooMany.Failure!.Kind);
    }

    [Fact]
    public void M2_a_reservation_never_takes_more_than_is_available()
    {
        var context = new PartsContext(Qualified, Order());
        var (bin, _, last) = Run(Storekeeper, context, new ReceiveParts(5, "acme", "COC", true, null), new ReserveParts("wo-1", 3), new ReserveParts("wo-1", 3));

        Assert.Equal((FailureKind.Conflict, "on hand 5, reserved 3, available 2, quarantined 0"), (last.Failure!.Kind, last.Failure.CurrentStatus));
        Assert.Equal(2, bin!.Available);
    }

    [Fact]
    public void Q2_an_issue_consumes_reserved_units_only_and_names_the_work_order_and_unused_units_come_back_no_more_than_were_issued()
    {
        var context = new PartsContext(Qualified, Order());
        var (bin, ledger, _) = Run(Storekeeper, context,
            new ReceiveParts(5, "acme", "COC", true, null), new ReserveParts("wo-1", 2), new IssueParts("wo-1", 2), new ReturnUnused("wo-1", 1));
        var unreserved = Run(Storekeeper, context, new ReceiveParts(5, "acme", "COC", true, null), new IssueParts("wo-1", 1)).Last;
        var overReturn = Run(Storekeeper, context,
            new ReceiveParts(5, "acme", "COC", true, null), new ReserveParts("wo-1", 1), new IssueParts("wo-1", 1), new ReturnUnused("wo-1", 2)).Last;

        Assert.Equal((4, 0, 4), (bin!.OnHand, bin.Reserved, bin.Available));
        Assert.Equal([("issue", -2), ("return", 1)], ledger.Skip(2).Select(m => (m.Kind, m.Quantity)));
        Assert.All(ledger.Skip(1), m => Assert.Equal("wo-1", m.WorkOrderId));
        Assert.Equal(1, PartsBinRules.IssuedTo(ledger, "wo-1"));
        Assert.Equal(FailureKind.Conflict, unreserved.Failure!.Kind);
        Assert.Equal(FailureKind.Conflict, overReturn.Failure!.Kind);
    }

    [Fact]
    public void M2_a_count_changes_the_book_only_when_someone_other_than_the_counter_approves_it()
    {
        var context = new PartsContext(Qualified, null);
        var (counted, _, _) = Run(Storekeeper, context, new ReceiveParts(10, "acme", "COC", true, null), new CountBin(8));
        var selfApproved = PartsBinRules.Decide("wh-north", "FAN-1", counted, [], new ApproveCount(), Storekeeper, Now, context);
        var approved = PartsBinRules.Decide("wh-north", "FAN-1", counted, [], new ApproveCount(), new Actor("mgr-1", Roles.Manager), Now, context);

        Assert.Equal((10, -2), (counted!.OnHand, counted.PendingCount!.Variance));
        Assert.Equal(FailureKind.Conflict, selfApproved.Failure!.Kind);
        Assert.Equal((8, null, Now), (approved.Value!.Bin.OnHand, approved.Value.Bin.PendingCount, approved.Value.Bin.LastCountedAt));
        Assert.Equal(("approve-count", -2), (approved.Value.Movement!.Kind, approved.Value.Movement.Quantity));
    }

    [Fact]
    public void Q2_a_technician_moves_parts_only_against_their_own_active_work_order()
    {
        var technician = new Actor("user-t-1", Roles.Technician, TechnicianId: "t-1");
        var stock = Run(Storekeeper, new PartsContext(Qualified, null), new ReceiveParts(5, "acme", "COC", true, null)).Bin;

        var own = PartsBinRules.Decide("van-t-1", "FAN-1", stock, [], new ReserveParts("wo-1", 1), technician, Now, new PartsContext(null, Order()));
        var other = PartsBinRules.Decide("van-t-1", "FAN-1", stock, [], new ReserveParts("wo-2", 1), technician, Now,
            new PartsContext(null, Order("wo-2", technicianId: "t-2")));
        var closed = PartsBinRules.Decide("van-t-1", "FAN-1", stock, [], new ReserveParts("wo-1", 1), technician, Now,
            new PartsContext(null, Order(status: WorkOrderStatus.Closed)));

        Assert.True(own.Succeeded);
        Assert.Equal(FailureKind.NotFound, other.Failure!.Kind);
        Assert.Equal(FailureKind.NotFound, closed.Failure!.Kind);
    }
}
