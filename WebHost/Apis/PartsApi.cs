using System.ComponentModel.DataAnnotations;
using FieldService.Parts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FieldService.WebHost.Apis;

/// <summary>Spare parts (M1–M3, Q2): the catalog, suppliers, and each bin's movements and ledger.</summary>
public static class PartsApi
{
    public static RouteGroupBuilder MapPartsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api").WithTags("Spare parts");
        api.MapPut("parts/{sku}", SavePartAsync).WithName("SavePart").WithSummary("M1: add or update a part in the catalog");
        api.MapGet("parts", async (IGrainFactory grains) => TypedResults.Ok(await Catalog(grains).ListSkusAsync()))
            .WithName("ListParts").WithSummary("The parts catalog");
        api.MapGet("parts/{sku}", GetPartAsync).WithName("GetPart").WithSummary("One part of the catalog");
        api.MapGet("parts/{sku}/ledger", PartLedgerAsync).WithName("GetPartLedger")
            .WithSummary("M2/Q2: every movement of a part in every bin, optionally of one work order or a time window");
        api.MapPut("suppliers/{id}", SaveSupplierAsync).WithName("SaveSupplier").WithSummary("M1: add or update a supplier (qualified or not)");
        api.MapGet("suppliers", async (IGrainFactory grains) => TypedResults.Ok(await Catalog(grains).ListSuppliersAsync()))
            .WithName("ListSuppliers").WithSummary("The suppliers");

        api.MapGet("bins", ListBinsAsync).WithName("ListBins")
            .WithSummary("M2: every bin (optionally of one location or one part): on hand, reserved, available, quarantined, levels");
        api.MapGet("bins/{location}/{sku}", GetBinAsync).WithName("GetBin").WithSummary("A bin: on hand, reserved, available, quarantined, levels");
        api.MapGet("bins/{location}/{sku}/ledger", BinLedgerAsync).WithName("GetBinLedger").WithSummary("Every movement of a bin, oldest first");
        api.MapBinCommand<LevelsRequest>("levels", "M2: set the bin's minimum and maximum levels");
        api.MapBinCommand<ReceiveRequest>("receive", "M1: a delivery with its certificate; inspection passed → stock, failed → quarantine");
        api.MapBinCommand<QuantityRequest>("return-to-supplier", "M1: quarantined units go back to the supplier");
        api.MapBinCommand<WorkOrderQuantityRequest>("reserve", "Hold units for a work order (never more than available)");
        api.MapBinCommand<WorkOrderRequest>("release", "Give back what a work order holds");
        api.MapBinCommand<WorkOrderQuantityRequest>("issue", "Q2: reserved units consumed by the work order's repair");
        api.MapBinCommand<WorkOrderQuantityRequest>("return", "Unused units issued to a work order come back");
        api.MapBinCommand<CountRequest>("count", "M2: a stocktake count (changes the book once approved)");
        api.MapPost("bins/{location}/{sku}/approve-count", (string location, string sku, HttpContext http, IGrainFactory grains) =>
                ExecuteAsync(location, sku, new ApproveCount(), Actors.Of(http), grains))
            .WithName("Bin-approve-count").WithSummary("M2: approve the pending count (not by who counted); book = physical");
        api.MapGet("parts-report", StockReportAsync).WithName("GetStockReport")
            .WithSummary("Stock valuation and turnover per part: on hand, value, consumed in the period, turnover");
        api.MapGet("purchasing/suggestions", SuggestionsAsync).WithName("ListPurchaseSuggestions")
            .WithSummary("M1: bins at or below their minimum, with the quantity that brings them back to their maximum");
        api.MapPost("purchasing/orders", CreatePurchaseOrderAsync).WithName("CreatePurchaseOrder")
            .WithSummary("M1: order parts for a bin from a qualified supplier (e.g. a suggestion's quantity)");
        api.MapGet("purchasing/orders", ListPurchaseOrdersAsync).WithName("ListPurchaseOrders")
            .WithSummary("M1: the purchase orders with units still to come, oldest first");
        api.MapGet("purchasing/orders/{id}", GetPurchaseOrderAsync).WithName("GetPurchaseOrder").WithSummary("A purchase order and what has arrived");
        api.MapPost("purchasing/orders/{id}/receive", ReceivePurchaseOrderAsync).WithName("ReceivePurchaseOrder")
            .WithSummary("M1: a delivery against the order, with its certificate; inspection decides stock or quarantine");
        api.MapPost("transfers", StartTransferAsync).WithName("StartTransfer")
            .WithSummary("Move units between two bins of a part (warehouse ↔ van): in transit until the target has them, never lost or doubled");
        api.MapGet("transfers/{id}", GetTransferAsync).WithName("GetTransfer").WithSummary("How far a transfer got");
        return api;
    }

    private static async Task<Results<Created<PartsTransfer>, ProblemHttpResult>> StartTransferAsync(
        TransferRequest? body, HttpContext http, IGrainFactory grains, TimeProvider time)
    {
        if (body is null)
        {
            return Problems.MissingBody();
        }

        var id = Guid.CreateVersion7(time.GetUtcNow()).ToString();
        var result = await grains.GetGrain<IPartsTransferGrain>(id).StartAsync(body.Sku ?? "", body.From ?? "", body.To ?? "", body.Quantity ?? 0, Actors.Of(http));
        return result.Failure is { } failure ? Problems.From(failure) : TypedResults.Created($"/api/transfers/{id}", result.Value!);
    }

    private static async Task<Results<Ok<PartsTransfer>, ProblemHttpResult>> GetTransferAsync(string id, IGrainFactory grains) =>
        Validation.IsIdentifier(id) && await grains.GetGrain<IPartsTransferGrain>(id).GetAsync() is { } transfer
            ? TypedResults.Ok(transfer)
            : Problems.From(Failure.NotFound($"No transfer {id}."));

    private static async Task<Results<Ok<IReadOnlyList<PartsBin>>, ProblemHttpResult>> ListBinsAsync(string? location, string? sku, IGrainFactory grains)
    {
        (location, sku) = (Paging.Filter(location), Paging.Filter(sku));
        var v = new Validation();
        if (location is not null)
        {
            v.Identifier("location", location);
        }

        if (sku is not null)
        {
            v.Identifier("sku", sku);
        }

        if (v.ToFailure() is { } invalid)
        {
            return Problems.From(invalid);
        }

        IReadOnlyList<PartsBin> bins = (await AllBinsAsync(grains, withLedger: false))
            .Where(b => (location is null || b.Bin.Location == location) && (sku is null || b.Bin.Sku == sku))
            .Select(b => b.Bin)
            .OrderBy(b => b.Location, StringComparer.Ordinal).ThenBy(b => b.Sku, StringComparer.Ordinal)
            .ToList();
        return TypedResults.Ok(bins);
    }

    private static async Task<Ok<IReadOnlyList<PurchaseOrder>>> ListPurchaseOrdersAsync(IGrainFactory grains)
    {
        var ids = await Catalog(grains).OpenPurchaseOrdersAsync();
        var orders = await Task.WhenAll(ids.Select(id => grains.GetGrain<IPurchaseOrderGrain>(id).GetAsync()));
        IReadOnlyList<PurchaseOrder> open = orders.OfType<PurchaseOrder>().Where(o => o.Outstanding > 0)
            .OrderBy(o => o.CreatedAt).ThenBy(o => o.Id, StringComparer.Ordinal).ToList();
        return TypedResults.Ok(open);
    }

    /// <summary>Every bin of every part, with the part.</summary>
    private static async Task<List<(PartSku Part, PartsBin Bin, IReadOnlyList<PartMovement> Ledger)>> AllBinsAsync(IGrainFactory grains, bool withLedger)
    {
        var all = new List<(PartSku, PartsBin, IReadOnlyList<PartMovement>)>();
        foreach (var part in await Catalog(grains).ListSkusAsync())
        {
            foreach (var location in await Catalog(grains).BinsOfAsync(part.Sku))
            {
                var grain = grains.GetGrain<IPartsBinGrain>(PartsBins.Key(location, part.Sku));
                if (await grain.GetAsync() is { } bin)
                {
                    all.Add((part, bin, withLedger ? await grain.LedgerAsync() : []));
                }
            }
        }

        return all;
    }

    private static async Task<Results<Ok<IReadOnlyList<StockLine>>, ProblemHttpResult>> StockReportAsync(
        DateTimeOffset? from, DateTimeOffset? to, IGrainFactory grains, TimeProvider time)
    {
        var end = to ?? time.GetUtcNow().AddTicks(1); // without "to": up to and including now
        var start = from ?? end.AddDays(-30);
        if (start >= end)
        {
            return Problems.From(Failure.Invalid("from", "must be before to"));
        }

        IReadOnlyList<StockLine> lines = (await AllBinsAsync(grains, withLedger: true)).GroupBy(b => b.Part.Sku, StringComparer.Ordinal).Select(g =>
        {
            var part = g.First().Part;
            var onHand = g.Sum(b => b.Bin.OnHand);
            var consumed = g.SelectMany(b => b.Ledger).Where(m => m.At >= start && m.At < end && m.Kind is "issue" or "return").Sum(m => -m.Quantity);
            var value = onHand * part.UnitCost;
            return new StockLine(part.Sku, part.Name, g.Count(), onHand, g.Sum(b => b.Bin.Reserved), g.Sum(b => b.Bin.Quarantined),
                part.UnitCost, value, consumed, consumed * part.UnitCost, value == 0 ? null : Math.Round(consumed * part.UnitCost / value, 2));
        }).OrderBy(l => l.Sku, StringComparer.Ordinal).ToList();
        return TypedResults.Ok(lines);
    }

    private static async Task<Ok<IReadOnlyList<PurchaseSuggestion>>> SuggestionsAsync(IGrainFactory grains)
    {
        var onOrder = await Catalog(grains).OnOrderAsync();
        var waiting = await Catalog(grains).WaitingAsync();
        int Of(IReadOnlyDictionary<string, int> map, PartsBin bin) => map.GetValueOrDefault(PartsBins.Key(bin.Location, bin.Sku));

        // Open demand (reserved, and what work orders wait for but could not reserve) plus the maximum level, less what
        // is on hand and on order.
        int Need(PartsBin bin) => Math.Max(0, bin.Max + bin.Reserved + Of(waiting, bin) - bin.OnHand - Of(onOrder, bin));
        var bins = await AllBinsAsync(grains, withLedger: false);
        // A part nobody ever stocked at the warehouse has no bin yet, but the orders waiting for it are demand all the same.
        var known = bins.Select(b => PartsBins.Key(b.Bin.Location, b.Bin.Sku)).ToHashSet(StringComparer.Ordinal);
        foreach (var key in waiting.Keys.Where(k => !known.Contains(k)))
        {
            var (location, sku) = PartsBins.Parse(key);
            if (await Catalog(grains).GetSkuAsync(sku) is { } part)
            {
                bins.Add((part, new PartsBin { Location = location, Sku = sku }, []));
            }
        }

        IReadOnlyList<PurchaseSuggestion> suggestions = bins
            .Where(b => (b.Bin.LowStock || Of(waiting, b.Bin) > 0) && Need(b.Bin) > 0)
            .Select(b => new PurchaseSuggestion(b.Bin.Location, b.Part.Sku, b.Bin.OnHand, b.Bin.Reserved, Of(waiting, b.Bin), b.Bin.Available, b.Bin.Min,
                b.Bin.Max, Of(onOrder, b.Bin), Need(b.Bin), Need(b.Bin) * b.Part.UnitCost))
            .OrderBy(s => s.Sku, StringComparer.Ordinal).ThenBy(s => s.Location, StringComparer.Ordinal)
            .ToList();
        return TypedResults.Ok(suggestions);
    }

    private static async Task<Results<Created<PurchaseOrder>, ProblemHttpResult>> CreatePurchaseOrderAsync(
        PurchaseOrderRequest? body, HttpContext http, IGrainFactory grains, TimeProvider time)
    {
        if (body is null)
        {
            return Problems.MissingBody();
        }

        var id = "po-" + Guid.CreateVersion7(time.GetUtcNow()).ToString("N");
        var result = await grains.GetGrain<IPurchaseOrderGrain>(id)
            .CreateAsync(body.SupplierId ?? "", body.Location ?? "", body.Sku ?? "", body.Quantity ?? 0, Actors.Of(http));
        return result.Failure is { } failure ? Problems.From(failure) : TypedResults.Created($"/api/purchasing/orders/{id}", result.Value!);
    }

    private static async Task<Results<Ok<PurchaseOrder>, ProblemHttpResult>> GetPurchaseOrderAsync(string id, IGrainFactory grains) =>
        Validation.IsIdentifier(id) && await grains.GetGrain<IPurchaseOrderGrain>(id).GetAsync() is { } order
            ? TypedResults.Ok(order)
            : Problems.From(Failure.NotFound($"No purchase order {id}."));

    private static async Task<Results<Ok<PurchaseOrder>, ProblemHttpResult>> ReceivePurchaseOrderAsync(
        string id, PurchaseReceiptRequest? body, HttpContext http, IGrainFactory grains) =>
        body is null
            ? Problems.MissingBody()
            : !Validation.IsIdentifier(id)
                ? Problems.From(Failure.NotFound($"No purchase order {id}."))
                : Problems.OkOr(await grains.GetGrain<IPurchaseOrderGrain>(id)
                    .ReceiveAsync(body.Quantity ?? 0, body.Certificate ?? "", body.InspectionPassed ?? false, Actors.Of(http)));

    private static IPartsCatalogGrain Catalog(IGrainFactory grains) => grains.GetGrain<IPartsCatalogGrain>(0);

    private static async Task<Results<Ok<PartSku>, ProblemHttpResult>> SavePartAsync(string sku, PartRequest? body, HttpContext http, IGrainFactory grains)
    {
        if (body is null)
        {
            return Problems.MissingBody();
        }

        var part = new PartSku(sku, body.Name ?? "", body.Unit ?? "", body.UnitCost ?? -1, (body.Categories ?? []).Select(c => c ?? "").ToArray(),
            body.Critical ?? false, body.PartClass ?? "");
        return Problems.OkOr(await Catalog(grains).SaveSkuAsync(part, Actors.Of(http)));
    }

    private static async Task<Results<Ok<PartSku>, ProblemHttpResult>> GetPartAsync(string sku, IGrainFactory grains) =>
        Validation.IsIdentifier(sku) && await Catalog(grains).GetSkuAsync(sku) is { } part
            ? TypedResults.Ok(part)
            : Problems.From(Failure.NotFound($"No part {sku} in the catalog."));

    private static async Task<Results<Ok<Supplier>, ProblemHttpResult>> SaveSupplierAsync(string id, SupplierRequest? body, HttpContext http, IGrainFactory grains) =>
        body is null
            ? Problems.MissingBody()
            : Problems.OkOr(await Catalog(grains).SaveSupplierAsync(new Supplier(id, body.Name ?? "", body.Qualified ?? false), Actors.Of(http)));

    private static async Task<Results<Ok<PartsBin>, ProblemHttpResult>> GetBinAsync(string location, string sku, IGrainFactory grains) =>
        IsBin(location, sku) && await grains.GetGrain<IPartsBinGrain>(PartsBins.Key(location, sku)).GetAsync() is { } bin
            ? TypedResults.Ok(bin)
            : Problems.From(Failure.NotFound($"No bin of {sku} at {location}."));

    private static async Task<Results<Ok<IReadOnlyList<PartMovement>>, ProblemHttpResult>> BinLedgerAsync(string location, string sku, IGrainFactory grains) =>
        IsBin(location, sku)
            ? TypedResults.Ok(await grains.GetGrain<IPartsBinGrain>(PartsBins.Key(location, sku)).LedgerAsync())
            : Problems.From(Failure.NotFound($"No bin of {sku} at {location}."));

    private static async Task<Results<Ok<IReadOnlyList<PartMovement>>, ProblemHttpResult>> PartLedgerAsync(
        string sku, string? workOrderId, DateTimeOffset? from, DateTimeOffset? to, IGrainFactory grains)
    {
        if (!Validation.IsIdentifier(sku) || await Catalog(grains).GetSkuAsync(sku) is null)
        {
            return Problems.From(Failure.NotFound($"No part {sku} in the catalog."));
        }

        if (new Validation().Period(from, to).ToFailure() is { } invalid)
        {
            return Problems.From(invalid);
        }

        var bins = await Catalog(grains).BinsOfAsync(sku);
        var ledgers = await Task.WhenAll(bins.Select(location => grains.GetGrain<IPartsBinGrain>(PartsBins.Key(location, sku)).LedgerAsync()));
        IReadOnlyList<PartMovement> movements = ledgers.SelectMany(l => l)
            .Where(m => (workOrderId is null || m.WorkOrderId == workOrderId) && (from is null || m.At >= from) && (to is null || m.At < to))
            .OrderBy(m => m.At).ThenBy(m => m.Location, StringComparer.Ordinal).ThenBy(m => m.Sequence)
            .ToList();
        return TypedResults.Ok(movements);
    }

    private static bool IsBin(string location, string sku) => Validation.IsIdentifier(location) && Validation.IsIdentifier(sku);

    private static RouteHandlerBuilder MapBinCommand<TRequest>(this RouteGroupBuilder api, string name, string summary)
        where TRequest : class, ICommandRequest<PartsCommand> =>
        api.MapPost($"bins/{{location}}/{{sku}}/{name}", (string location, string sku, TRequest? body, HttpContext http, IGrainFactory grains) =>
                CommandRequests.SendAsync(body, name, http, (command, actor) => ExecuteAsync(location, sku, command, actor, grains)))
            .WithName("Bin-" + name).WithSummary(summary);

    private static async Task<Results<Ok<PartsBin>, ProblemHttpResult>> ExecuteAsync(
        string location, string sku, PartsCommand command, Actor actor, IGrainFactory grains) =>
        IsBin(location, sku)
            ? Problems.OkOr(await grains.GetGrain<IPartsBinGrain>(PartsBins.Key(location, sku)).ExecuteAsync(command, actor))
            : Problems.From(Failure.NotFound($"No bin of {sku} at {location}."));
}

public sealed record PartRequest([Required, MaxLength(Validation.MaxName)] string? Name, [Required, MaxLength(20)] string? Unit, [Range(0, 10_000_000)] decimal? UnitCost, IReadOnlyList<string?>? Categories, bool? Critical, string? PartClass);

public sealed record SupplierRequest([Required, MaxLength(Validation.MaxName)] string? Name, bool? Qualified);

/// <summary>One part's stock across its bins and its consumption in the period; turnover = consumed value / stock value.</summary>
public sealed record StockLine(
    string Sku, string Name, int Bins, int OnHand, int Reserved, int Quarantined, decimal UnitCost, decimal StockValue, int Consumed,
    decimal ConsumedValue, decimal? Turnover);

/// <summary>M1: what to buy for a bin at or below its minimum: back to its maximum plus what is reserved.</summary>
public sealed record PurchaseSuggestion(
    string Location, string Sku, int OnHand, int Reserved, int Waiting, int Available, int Min, int Max, int OnOrder, int SuggestedQuantity,
    decimal EstimatedCost);

public sealed record PurchaseOrderRequest([Required, MaxLength(64)] string? SupplierId, [Required, MaxLength(64)] string? Location, [Required, MaxLength(64)] string? Sku, [Required, Range(1, 100_000)] int? Quantity);

public sealed record PurchaseReceiptRequest(int? Quantity, string? Certificate, bool? InspectionPassed);

public sealed record TransferRequest([Required, MaxLength(64)] string? Sku, [Required, MaxLength(64)] string? From, [Required, MaxLength(64)] string? To, [Required, Range(1, 100_000)] int? Quantity);

// A bin movement's body turns itself into the command without refusing: missing values become values the bin's
// rules refuse, so the bin names them (422).

public sealed record LevelsRequest([Required, Range(0, 100_000)] int? Min, [Required, Range(1, 100_000)] int? Max) : ICommandRequest<PartsCommand>
{
    public Result<PartsCommand> ToCommand(string route) => Result<PartsCommand>.Ok(new ConfigureBin(Min ?? -1, Max ?? -1));
}

public sealed record ReceiveRequest(
    [Required, Range(1, 100_000)] int? Quantity, [Required, MaxLength(64)] string? SupplierId, [Required, MaxLength(100)] string? Certificate, bool? InspectionPassed, [MaxLength(100)] string? Document) : ICommandRequest<PartsCommand>
{
    public Result<PartsCommand> ToCommand(string route) => Result<PartsCommand>.Ok(new ReceiveParts(Quantity ?? 0, SupplierId ?? "", Certificate ?? "", InspectionPassed ?? false, Document));
}

public sealed record QuantityRequest([Required, Range(1, 100_000)] int? Quantity, [MaxLength(100)] string? Document) : ICommandRequest<PartsCommand>
{
    public Result<PartsCommand> ToCommand(string route) => Result<PartsCommand>.Ok(new ReturnToSupplier(Quantity ?? 0, Document));
}

public sealed record WorkOrderQuantityRequest([Required, MaxLength(64)] string? WorkOrderId, [Required, Range(1, 100_000)] int? Quantity) : ICommandRequest<PartsCommand>
{
    public Result<PartsCommand> ToCommand(string route) => Result<PartsCommand>.Ok(route switch
    {
        "reserve" => new ReserveParts(WorkOrderId ?? "", Quantity ?? 0),
        "issue" => new IssueParts(WorkOrderId ?? "", Quantity ?? 0),
        _ => (PartsCommand)new ReturnUnused(WorkOrderId ?? "", Quantity ?? 0),
    });
}

public sealed record WorkOrderRequest([Required, MaxLength(64)] string? WorkOrderId) : ICommandRequest<PartsCommand>
{
    public Result<PartsCommand> ToCommand(string route) => Result<PartsCommand>.Ok(new ReleaseParts(WorkOrderId ?? ""));
}

public sealed record CountRequest([Required, Range(0, 100_000)] int? Counted) : ICommandRequest<PartsCommand>
{
    public Result<PartsCommand> ToCommand(string route) => Result<PartsCommand>.Ok(new CountBin(Counted ?? -1));
}
