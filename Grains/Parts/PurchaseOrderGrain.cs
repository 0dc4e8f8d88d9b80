using FieldService.Grains.Common;
using FieldService.Parts;
using Microsoft.Extensions.Logging;

namespace FieldService.Grains.Parts;

[GenerateSerializer, Alias("fs.PurchaseOrderState")]
public sealed class PurchaseOrderState
{
    [Id(0)] public PurchaseOrder? Order { get; set; }

    /// <summary>A delivery handed to the bin and not yet counted here (see <see cref="PurchaseOrderGrain"/>).</summary>
    [Id(1)] public PendingReceipt? Pending { get; set; }
}

/// <summary>A delivery on its way into the bin: what was received, and the bin's last ledger sequence before it, so
/// that whether it arrived can be read from the bin's ledger afterwards.</summary>
[GenerateSerializer, Immutable, Alias("fs.PendingReceipt")]
public sealed record PendingReceipt(
    [property: Id(0)] int Quantity, [property: Id(1)] string Certificate, [property: Id(2)] bool InspectionPassed, [property: Id(3)] long LedgerMark);

/// <summary>M1: a purchase order to a qualified supplier for one bin. Each delivery goes into the bin as a receipt
/// carrying the order's id (inspection decides stock or quarantine) and counts against the order; the catalog keeps
/// what is still outstanding so that purchase suggestions do not buy it twice.
/// A receipt changes two grains, the bin and this order, so it is recorded here as pending before the bin is asked:
/// when counting it here fails after the bin took it, the next receipt finds the pending one in the bin's ledger and
/// counts it (a retry of the same delivery is then answered without receiving it twice); when the bin never got it,
/// the pending one is dropped.</summary>
public sealed class PurchaseOrderGrain(
    [PersistentState("purchaseOrder", StorageNames.Records)] IPersistentState<PurchaseOrderState> stored,
    TimeProvider time,
    ILogger<PurchaseOrderGrain> logger) : Grain, IPurchaseOrderGrain
{
    private readonly GuardedState<PurchaseOrderState> state = new(stored);

    public const string Open = "open";
    public const string Received = "received";

    private string Id => this.GetPrimaryKeyString();

    public async Task<Result<PurchaseOrder>> CreateAsync(string supplierId, string location, string sku, int quantity, Actor actor)
    {
        var catalog = GrainFactory.GetGrain<IPartsCatalogGrain>(0);
        if (state.State.Order is { } existing)
        {
            // A retried creation: the first may have failed between this order's write and the catalog's.
            await catalog.SetOnOrderAsync(Id, PartsBins.Key(existing.Location, existing.Sku), existing.Outstanding);
            return Result<PurchaseOrder>.Ok(existing);
        }

        var v = new Validation().Identifier("supplierId", supplierId).Identifier("location", location).Identifier("sku", sku)
            .Range("quantity", quantity, 1, PartsBinRules.MaxQuantity);
        if (v.IsValid && await catalog.GetSupplierAsync(supplierId) is not { Qualified: true })
        {
            v.Add("supplierId", $"{supplierId} is not a qualified supplier in the catalog (M1)");
        }

        if (v.IsValid && await catalog.GetSkuAsync(sku) is null)
        {
            v.Add("sku", $"no part {sku} in the catalog");
        }

        if (v.ToFailure() is { } invalid)
        {
            return invalid;
        }

        var order = new PurchaseOrder(Id, supplierId, location, sku, quantity, 0, Open, time.GetUtcNow(), actor.Id);
        state.State.Order = order;
        await state.WriteStateAsync(this);
        await catalog.SetOnOrderAsync(Id, PartsBins.Key(location, sku), order.Outstanding);
        return Result<PurchaseOrder>.Ok(order);
    }

    public Task<PurchaseOrder?> GetAsync() => Task.FromResult(state.State.Order);

    public async Task<Result<PurchaseOrder>> ReceiveAsync(int quantity, string certificate, bool inspectionPassed, Actor actor)
    {
        if (state.State.Order is not { } order)
        {
            return Failure.NotFound($"No purchase order {Id}.");
        }

        var bin = GrainFactory.GetGrain<IPartsBinGrain>(PartsBins.Key(order.Location, order.Sku));
        if (state.State.Pending is { } pending && await SettleAsync(bin, pending)
            && pending == new PendingReceipt(quantity, certificate, inspectionPassed, pending.LedgerMark))
        {
            // The retry of a delivery that reached the bin although counting it here failed: it is counted now.
            return Result<PurchaseOrder>.Ok(state.State.Order!);
        }

        order = state.State.Order!;
        if (order.Status != Open)
        {
            return Failure.Conflict($"Purchase order {Id} is {order.Status}.", order.Status);
        }

        if (quantity > order.Outstanding)
        {
            return Failure.Invalid("quantity", $"only {order.Outstanding} of purchase order {Id} are outstanding");
        }

        var ledger = await bin.LedgerAsync();
        var receipt = new PendingReceipt(quantity, certificate, inspectionPassed, ledger.Count == 0 ? 0 : ledger[^1].Sequence);
        state.State.Pending = receipt;
        await state.WriteStateAsync(this);
        var received = await bin.ExecuteAsync(new ReceiveParts(quantity, order.SupplierId, certificate, inspectionPassed, Id), actor);
        if (received.Failure is { } failure)
        {
            // Refused by the bin: nothing moved.
            state.State.Pending = null;
            await state.WriteStateAsync(this);
            return failure;
        }

        await CountAsync(receipt);
        return Result<PurchaseOrder>.Ok(state.State.Order!);
    }

    /// <summary>Counts a pending receipt that reached the bin, or drops one that did not; true when it had reached it.</summary>
    private async Task<bool> SettleAsync(IPartsBinGrain bin, PendingReceipt pending)
    {
        var landed = (await bin.LedgerAsync()).Any(m => m.Sequence > pending.LedgerMark && m.Document == Id
            && m.Kind is "receive" or "receive-quarantined" && Math.Abs(m.Quantity) == pending.Quantity);
        if (landed)
        {
            await CountAsync(pending);
        }
        else
        {
            state.State.Pending = null;
            await state.WriteStateAsync(this);
        }

        return landed;
    }

    private async Task CountAsync(PendingReceipt receipt)
    {
        var order = state.State.Order!;
        // Units that failed inspection go back to the supplier: they do not count against the order.
        var received = order.Received + (receipt.InspectionPassed ? receipt.Quantity : 0);
        order = order with { Received = received, Status = received >= order.Quantity ? Received : Open };
        state.State.Order = order;
        state.State.Pending = null;
        await state.WriteStateAsync(this);
        try
        {
            await GrainFactory.GetGrain<IPartsCatalogGrain>(0).SetOnOrderAsync(Id, PartsBins.Key(order.Location, order.Sku), order.Outstanding);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The receipt stands (answering it as failed would invite receiving it twice); the catalog's figure is
            // only what purchase suggestions subtract, and the next receipt sets it again.
            logger.LogError(exception, "Purchase order {PurchaseOrderId}: could not tell the catalog {Outstanding} remain outstanding", Id, order.Outstanding);
        }
    }
}
