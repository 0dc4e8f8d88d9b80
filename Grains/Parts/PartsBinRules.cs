using FieldService.Grains.Common;
using FieldService.Grains.WorkOrders;
using FieldService.Parts;
using FieldService.WorkOrders;

namespace FieldService.Grains.Parts;

/// <summary>What the bin grain looked up before deciding: the supplier of a delivery, the work order of a movement.</summary>
public sealed record PartsContext(Supplier? Supplier, WorkOrder? WorkOrder, TimeSpan? CountEvery = null);

/// <summary>The bin after a movement, and the ledger entry that explains it (none when a repeated transfer step
/// changes nothing).</summary>
public sealed record PartsChange(PartsBin Bin, PartMovement? Movement);

/// <summary>
/// The rules of a parts bin (M1, M2, Q2) as pure decisions: the bin as it stands, a movement, who asks and when →
/// the bin after it and its ledger entry, or why nothing changes. Availability never goes below zero; a count changes
/// the book only once someone other than the counter approves it.
/// </summary>
public static class PartsBinRules
{
    public const int MaxQuantity = 100_000;

    private static readonly Dictionary<Type, string> Kinds = new()
    {
        [typeof(ConfigureBin)] = "configure",
        [typeof(ReceiveParts)] = "receive",
        [typeof(ReturnToSupplier)] = "return-to-supplier",
        [typeof(ReserveParts)] = "reserve",
        [typeof(ReleaseParts)] = "release",
        [typeof(IssueParts)] = Audit.AuditActions.Issue,
        [typeof(ReturnUnused)] = Audit.AuditActions.Return,
        [typeof(CountBin)] = "count",
        [typeof(ApproveCount)] = "approve-count",
        [typeof(SendTransfer)] = "transfer-out",
        [typeof(ReceiveTransfer)] = "transfer-in",
        [typeof(CompleteTransfer)] = "transfer-complete",
    };

    public static string KindOf(PartsCommand command) => Kinds[command.GetType()];

    public static Result<PartsChange> Decide(
        string location, string sku, PartsBin? bin, IReadOnlyList<PartMovement> ledger, PartsCommand command, Actor actor, DateTimeOffset now,
        PartsContext context)
    {
        var before = bin ?? new PartsBin { Location = location, Sku = sku };
        if (Validate(command, context) is { } invalid)
        {
            return invalid;
        }

        if (OwnOrderOnly(command, actor, context) is { } forbidden)
        {
            return forbidden;
        }

        var kind = KindOf(command);
        var quantity = 0;
        string? reason = null;
        PartsBin next;
        switch (command)
        {
            case ConfigureBin c:
                next = before with { Min = c.Min, Max = c.Max };
                reason = $"min {c.Min}, max {c.Max}";
                break;
            case ReceiveParts c:
                quantity = c.Quantity;
                next = c.InspectionPassed ? before with { OnHand = before.OnHand + c.Quantity } : before with { Quarantined = before.Quarantined + c.Quantity };
                kind = c.InspectionPassed ? "receive" : "receive-quarantined";
                reason = c.InspectionPassed ? "incoming inspection passed" : "incoming inspection failed: quarantined for return to the supplier";
                break;
            case ReturnToSupplier c when c.Quantity > before.Quarantined:
                return Failure.Conflict($"Only {before.Quarantined} units of {sku} at {location} are quarantined; {c.Quantity} cannot go back.", Status(before));
            case ReturnToSupplier c:
                quantity = -c.Quantity;
                next = before with { Quarantined = before.Quarantined - c.Quantity };
                break;
            case ReserveParts c when c.Quantity > before.Available:
                return Failure.Conflict(
                    $"Only {Math.Max(0, before.Available)} units of {sku} are available at {location}; {c.Quantity} cannot be reserved for {c.WorkOrderId}.",
                    Status(before));
            case ReserveParts c:
                quantity = c.Quantity;
                next = before with { Reservations = Reserve(before.Reservations, c.WorkOrderId, c.Quantity, now) };
                break;
            case ReleaseParts c when ReservedFor(before, c.WorkOrderId) == 0:
                return Failure.Conflict($"Nothing of {sku} at {location} is reserved for {c.WorkOrderId}.", Status(before));
            case ReleaseParts c:
                quantity = -ReservedFor(before, c.WorkOrderId);
                next = before with { Reservations = before.Reservations.Where(r => r.WorkOrderId != c.WorkOrderId).ToArray() };
                break;
            case IssueParts c when c.Quantity > ReservedFor(before, c.WorkOrderId):
                return Failure.Conflict(
                    $"{ReservedFor(before, c.WorkOrderId)} units of {sku} are reserved at {location} for {c.WorkOrderId}; only reserved units are issued.",
                    Status(before));
            case IssueParts c:
                quantity = -c.Quantity;
                next = before with { OnHand = before.OnHand - c.Quantity, Reservations = Reserve(before.Reservations, c.WorkOrderId, -c.Quantity, now) };
                reason = $"consumed by the repair of {c.WorkOrderId}";
                break;
            case ReturnUnused c when c.Quantity > IssuedTo(ledger, c.WorkOrderId):
                return Failure.Conflict(
                    $"{IssuedTo(ledger, c.WorkOrderId)} units of {sku} from {location} are issued to {c.WorkOrderId} and not returned; {c.Quantity} cannot come back.",
                    Status(before));
            case ReturnUnused c:
                quantity = c.Quantity;
                next = before with { OnHand = before.OnHand + c.Quantity };
                reason = $"unused by {c.WorkOrderId}";
                break;
            case CountBin c:
                quantity = c.Counted;
                next = before with { PendingCount = new PendingCount(c.Counted, c.Counted - before.OnHand, actor.Id, now) };
                reason = $"counted {c.Counted}, book {before.OnHand}, variance {c.Counted - before.OnHand}; waiting for approval";
                break;
            case ApproveCount when before.PendingCount is null:
                return Failure.Conflict($"No count of {sku} at {location} waits for approval.", Status(before));
            case ApproveCount when before.PendingCount.CountedBy == actor.Id:
                return Failure.Conflict("A count is approved by someone other than who counted it (M2).", Status(before));
            case ApproveCount when before.PendingCount.Counted < before.Reserved:
                return Failure.Conflict(
                    $"The count ({before.PendingCount.Counted}) is below what is reserved ({before.Reserved}): release reservations before approving it.",
                    Status(before));
            case ApproveCount:
                quantity = before.PendingCount.Variance;
                next = before with { OnHand = before.PendingCount.Counted, PendingCount = null, LastCountedAt = now };
                reason = $"stocktake by {before.PendingCount.CountedBy} approved: book set to {before.PendingCount.Counted}";
                break;
            case SendTransfer c when before.InTransit.Any(t => t.TransferId == c.TransferId) || Moved(ledger, "transfer-out", c.TransferId):
                return Result<PartsChange>.Ok(new PartsChange(before, null));
            case SendTransfer c when c.Quantity > before.Available:
                return Failure.Conflict($"Only {Math.Max(0, before.Available)} units of {sku} are available at {location}; {c.Quantity} cannot be sent to {c.To}.",
                    Status(before));
            case SendTransfer c:
                quantity = -c.Quantity;
                next = before with { OnHand = before.OnHand - c.Quantity, InTransit = [.. before.InTransit, new TransferOut(c.TransferId, c.To, c.Quantity, now)] };
                reason = $"in transit to {c.To}";
                break;
            case ReceiveTransfer c when Moved(ledger, "transfer-in", c.TransferId):
                return Result<PartsChange>.Ok(new PartsChange(before, null));
            case ReceiveTransfer c:
                quantity = c.Quantity;
                next = before with { OnHand = before.OnHand + c.Quantity };
                reason = $"from {c.From}";
                break;
            case CompleteTransfer c when before.InTransit.All(t => t.TransferId != c.TransferId):
                return Result<PartsChange>.Ok(new PartsChange(before, null));
            case CompleteTransfer c:
                var done = before.InTransit.Single(t => t.TransferId == c.TransferId);
                next = before with { InTransit = before.InTransit.Where(t => t.TransferId != c.TransferId).ToArray() };
                reason = $"{done.Quantity} received at {done.To}";
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown parts command.");
        }

        // M2: a bin's first stocktake falls one interval after it is first used; each approved count sets the next.
        if (context.CountEvery is { } every && (before.CountDueAt is null || command is ApproveCount))
        {
            next = next with { CountDueAt = now + every };
        }

        next = next with { Version = before.Version + 1, UpdatedAt = now };
        var movement = new PartMovement(location, sku, next.Version, now, actor, kind, quantity, WorkOrderOf(command), reason,
            DocumentOf(command), (command as ReceiveParts)?.SupplierId,
            (command as ReceiveParts)?.Certificate, next.OnHand, next.Reserved, next.Quarantined);
        return Result<PartsChange>.Ok(new PartsChange(next, movement));
    }

    /// <summary>The document a movement carries; a transfer's steps carry the transfer's id.</summary>
    private static string? DocumentOf(PartsCommand command) => command switch
    {
        ReceiveParts c => c.Document,
        ReturnToSupplier c => c.Document,
        SendTransfer c => c.TransferId,
        ReceiveTransfer c => c.TransferId,
        CompleteTransfer c => c.TransferId,
        _ => null,
    };

    private static bool Moved(IEnumerable<PartMovement> ledger, string kind, string transferId) =>
        ledger.Any(m => m.Kind == kind && m.Document == transferId);

    /// <summary>Units of the bin issued to a work order and not yet returned, from the ledger.</summary>
    public static int IssuedTo(IEnumerable<PartMovement> ledger, string workOrderId) =>
        ledger.Where(m => m.WorkOrderId == workOrderId && m.Kind is Audit.AuditActions.Issue or Audit.AuditActions.Return).Sum(m => -m.Quantity);

    public static int ReservedFor(PartsBin bin, string workOrderId) => bin.Reservations.Where(r => r.WorkOrderId == workOrderId).Sum(r => r.Quantity);

    public static string? WorkOrderOf(PartsCommand command) => command switch
    {
        ReserveParts c => c.WorkOrderId,
        ReleaseParts c => c.WorkOrderId,
        IssueParts c => c.WorkOrderId,
        ReturnUnused c => c.WorkOrderId,
        _ => null,
    };

    private static IReadOnlyList<Reservation> Reserve(IReadOnlyList<Reservation> reservations, string workOrderId, int delta, DateTimeOffset now)
    {
        var held = reservations.Where(r => r.WorkOrderId == workOrderId).Sum(r => r.Quantity) + delta;
        var others = reservations.Where(r => r.WorkOrderId != workOrderId);
        return held > 0 ? [.. others, new Reservation(workOrderId, held, now)] : others.ToArray();
    }

    private static string Status(PartsBin bin) => $"on hand {bin.OnHand}, reserved {bin.Reserved}, available {bin.Available}, quarantined {bin.Quarantined}";

    /// <summary>Q2: a technician moves parts only against a work order assigned to them and still open on their side.</summary>
    private static Failure? OwnOrderOnly(PartsCommand command, Actor actor, PartsContext context)
    {
        if (WorkOrderOf(command) is not { } workOrderId)
        {
            return null;
        }

        if (context.WorkOrder is null)
        {
            return Failure.Invalid("workOrderId", $"no work order {workOrderId} exists");
        }

        return actor.IsScoped && (context.WorkOrder.TechnicianId != actor.TechnicianId || !WorkOrderLifecycle.OccupiesTechnician(context.WorkOrder.Status))
            ? Failure.NotFound($"No active work order {workOrderId} of yours.")
            : null;
    }

    private static Failure? Validate(PartsCommand command, PartsContext context)
    {
        var v = new Validation();
        switch (command)
        {
            case ConfigureBin c:
                v.Range("min", c.Min, 0, MaxQuantity).Range("max", c.Max, 1, MaxQuantity);
                if (c.Max < c.Min)
                {
                    v.Add("max", "must not be below min");
                }

                break;
            case ReceiveParts c:
                v.Range("quantity", c.Quantity, 1, MaxQuantity).Identifier("supplierId", c.SupplierId).Required("certificate", c.Certificate, 100)
                    .Optional("document", c.Document, 100);
                if (Validation.IsIdentifier(c.SupplierId ?? "") && context.Supplier is null)
                {
                    v.Add("supplierId", $"no supplier {c.SupplierId} is in the catalog");
                }
                else if (context.Supplier is { Qualified: false })
                {
                    v.Add("supplierId", $"supplier {c.SupplierId} is not qualified (M1)");
                }

                break;
            case ReturnToSupplier c:
                v.Range("quantity", c.Quantity, 1, MaxQuantity).Optional("document", c.Document, 100);
                break;
            case ReserveParts c:
                v.Identifier("workOrderId", c.WorkOrderId).Range("quantity", c.Quantity, 1, MaxQuantity);
                break;
            case ReleaseParts c:
                v.Identifier("workOrderId", c.WorkOrderId);
                break;
            case IssueParts c:
                v.Identifier("workOrderId", c.WorkOrderId).Range("quantity", c.Quantity, 1, MaxQuantity);
                break;
            case ReturnUnused c:
                v.Identifier("workOrderId", c.WorkOrderId).Range("quantity", c.Quantity, 1, MaxQuantity);
                break;
            case CountBin c:
                v.Range("counted", c.Counted, 0, MaxQuantity);
                break;
            case SendTransfer c:
                v.Identifier("transferId", c.TransferId).Identifier("to", c.To).Range("quantity", c.Quantity, 1, MaxQuantity);
                break;
            case ReceiveTransfer c:
                v.Identifier("transferId", c.TransferId).Identifier("from", c.From).Range("quantity", c.Quantity, 1, MaxQuantity);
                break;
            case CompleteTransfer c:
                v.Identifier("transferId", c.TransferId);
                break;
        }

        return v.ToFailure();
    }
}
