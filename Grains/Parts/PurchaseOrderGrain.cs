using FieldService.Grains.Common;
using FieldService.Parts;

namespace FieldService.Grains.Parts;

[GenerateSerializer, Alias("fs.PurchaseOrderState")]
public sealed class PurchaseOrderState
{
    [Id(0)] public PurchaseOrder? Order { get; set; }
}

/// <summary>M1: a purchase order to a qualified supplier for one bin. Each delivery goes into the bin as a receipt
/// carrying the order's id (inspection decides stock or quarantine) and counts against the order; the catalog keeps
/// what is still outstanding so that purchase suggestions do not buy it twice.</summary>
public sealed class PurchaseOrderGrain(
    [PersistentState("purchaseOrder", StorageNames.Records)] IPersistentState<PurchaseOrderState> stored,
    TimeProvider time) : Grain, IPurchaseOrderGrain
{
    private readonly GuardedState<PurchaseOrderState> state = new(stored);

    public const string Open = "open";
    public const string Received = "received";

    private string Id => this.GetPrimaryKeyString();

    public async Task<Result<PurchaseOrder>> CreateAsync(string supplierId, string location, string sku, int quantity, Actor actor)
    {
        if (state.State.Order is { } existing)
        {
            return Result<PurchaseOrder>.Ok(existing);
        }

        var catalog = GrainFactory.GetGrain<IPartsCatalogGrain>(0);
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

        if (order.Status != Open)
        {
            return Failure.Conflict($"Purchase order {Id} is {order.Status}.", order.Status);
        }

        if (quantity > order.Outstanding)
        {
            return Failure.Invalid("quantity", $"only {order.Outstanding} of purchase order {Id} are outstanding");
        }

        var bin = GrainFactory.GetGrain<IPartsBinGrain>(PartsBins.Key(order.Location, order.Sku));
        var receipt = await bin.ExecuteAsync(new ReceiveParts(quantity, order.SupplierId, certificate, inspectionPassed, Id), actor);
        if (receipt.Failure is { } failure)
        {
            return failure;
        }

        // Units that failed inspection go back to the supplier: they do not count against the order.
        var received = order.Received + (inspectionPassed ? quantity : 0);
        order = order with { Received = received, Status = received >= order.Quantity ? Received : Open };
        state.State.Order = order;
        await state.WriteStateAsync(this);
        await GrainFactory.GetGrain<IPartsCatalogGrain>(0).SetOnOrderAsync(Id, PartsBins.Key(order.Location, order.Sku), order.Outstanding);
        return Result<PurchaseOrder>.Ok(order);
    }
}
