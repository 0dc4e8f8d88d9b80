namespace FieldService.Parts;

/// <summary>The parts catalog: SKUs and suppliers, and which bins hold each SKU.</summary>
[Alias("fs.IPartsCatalogGrain")]
public interface IPartsCatalogGrain : IGrainWithIntegerKey
{
    Task<Result<PartSku>> SaveSkuAsync(PartSku sku, Actor actor);

    Task<PartSku?> GetSkuAsync(string sku);

    Task<IReadOnlyList<PartSku>> ListSkusAsync();

    Task<Result<Supplier>> SaveSupplierAsync(Supplier supplier, Actor actor);

    Task<Supplier?> GetSupplierAsync(string id);

    Task<IReadOnlyList<Supplier>> ListSuppliersAsync();

    /// <summary>Records that a bin holds the SKU (called by the bin when it is first used).</summary>
    Task RegisterBinAsync(string location, string sku);

    Task<IReadOnlyList<string>> BinsOfAsync(string sku);

    /// <summary>Units still to come per bin (<c>location|sku</c>) from open purchase orders.</summary>
    Task SetOnOrderAsync(string purchaseOrderId, string binKey, int outstanding);

    Task<IReadOnlyDictionary<string, int>> OnOrderAsync();

    /// <summary>The ids of the purchase orders with units still to come.</summary>
    Task<IReadOnlyList<string>> OpenPurchaseOrdersAsync();

    /// <summary>M1: units work orders wait for and could not reserve, per bin; <paramref name="waiting"/> 0 clears.</summary>
    Task SetWaitingAsync(string workOrderId, string binKey, int waiting);

    /// <summary>Clears everything a work order waited for (it no longer waits for parts).</summary>
    Task ClearWaitingAsync(string workOrderId);

    Task<IReadOnlyDictionary<string, int>> WaitingAsync();

    /// <summary>M3: the work orders waiting for a bin (<c>location|sku</c>) and how many units each still lacks.</summary>
    Task<IReadOnlyDictionary<string, int>> WaitingForAsync(string binKey);
}

/// <summary>M1: one purchase order (keyed by its id), received against through its bin.</summary>
[Alias("fs.IPurchaseOrderGrain")]
public interface IPurchaseOrderGrain : IGrainWithStringKey
{
    Task<Result<PurchaseOrder>> CreateAsync(string supplierId, string location, string sku, int quantity, Actor actor);

    Task<PurchaseOrder?> GetAsync();

    /// <summary>A delivery against the order: into its bin (inspection decides stock or quarantine), counted on the order.</summary>
    Task<Result<PurchaseOrder>> ReceiveAsync(int quantity, string certificate, bool inspectionPassed, Actor actor);
}

/// <summary>One SKU at one location (keyed by <see cref="PartsBins.Key"/>): the single writer of its stock, so
/// concurrent reservations can never take more than is available.</summary>
[Alias("fs.IPartsBinGrain")]
public interface IPartsBinGrain : IGrainWithStringKey
{
    /// <summary>The bin, or null when nothing was ever recorded in it.</summary>
    Task<PartsBin?> GetAsync();

    Task<IReadOnlyList<PartMovement>> LedgerAsync();

    /// <summary>Applies one movement or setting; a refused one changes nothing.</summary>
    Task<Result<PartsBin>> ExecuteAsync(PartsCommand command, Actor actor);

    /// <summary>The same, asked by the work order itself, which passes itself (so the bin need not call it back).</summary>
    Task<Result<PartsBin>> ExecuteForOrderAsync(PartsCommand command, Actor actor, FieldService.WorkOrders.WorkOrder order);
}

/// <summary>
/// One transfer between two bins (keyed by its id), run as steps that can each be repeated: send (units leave the
/// source and are held in transit), receive (the target takes them, once), complete (the source lets go of them).
/// The transfer persists how far it got and retries on its reminder until done, so if a step fails or a silo dies
/// half-way, no unit is lost or counted twice: it is in transit until the target has it.
/// </summary>
[Alias("fs.IPartsTransferGrain")]
public interface IPartsTransferGrain : IGrainWithStringKey
{
    Task<Result<PartsTransfer>> StartAsync(string sku, string from, string to, int quantity, Actor actor);

    Task<PartsTransfer?> GetAsync();

    /// <summary>Runs the remaining steps now (the reminder does the same every minute until the transfer is done).</summary>
    Task<PartsTransfer?> ResumeAsync();
}

public static class PartsBins
{
    /// <summary>The bin grain's key: location and SKU (both identifiers, so '|' cannot occur in either).</summary>
    public static string Key(string location, string sku) => $"{location}|{sku}";

    public static (string Location, string Sku) Parse(string key) => key.Split('|') is [var location, var sku]
        ? (location, sku)
        : throw new ArgumentException($"'{key}' is not a parts bin key (location|sku).", nameof(key));
}
