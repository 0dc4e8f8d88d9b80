using FieldService.Audit;
using FieldService.Boards;
using FieldService.Escalations;
using FieldService.Grains.Common;
using FieldService.Grains.Records;
using FieldService.Parts;
using FieldService.WorkOrders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FieldService.Grains.Parts;

[GenerateSerializer, Alias("fs.PartsCatalogState")]
public sealed class PartsCatalogState
{
    [Id(0)] public Dictionary<string, PartSku> Skus { get; set; } = new(StringComparer.Ordinal);
    [Id(1)] public Dictionary<string, Supplier> Suppliers { get; set; } = new(StringComparer.Ordinal);
    [Id(2)] public Dictionary<string, List<string>> Bins { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Open purchase orders: id → (bin key, units outstanding).</summary>
    [Id(3)] public Dictionary<string, OnOrder> OnOrder { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Demand that could not be reserved: "{workOrderId}/{binKey}" → units.</summary>
    [Id(4)] public Dictionary<string, int> Waiting { get; set; } = new(StringComparer.Ordinal);
}

[GenerateSerializer, Immutable, Alias("fs.OnOrder")]
public sealed record OnOrder([property: Id(0)] string BinKey, [property: Id(1)] int Outstanding);

/// <summary>The catalog (M1): SKUs, suppliers and the bins of each SKU. Small and rarely written: one grain.</summary>
public sealed class PartsCatalogGrain(
    [PersistentState("partsCatalog", StorageNames.Records)] IPersistentState<PartsCatalogState> stored) : Grain, IPartsCatalogGrain
{
    private readonly GuardedState<PartsCatalogState> state = new(stored);

    public async Task<Result<PartSku>> SaveSkuAsync(PartSku sku, Actor actor)
    {
        var v = new Validation().Identifier("sku", sku.Sku).Required("name", sku.Name).Required("unit", sku.Unit, 20)
            .Range("unitCost", (double)sku.UnitCost, 0, 10_000_000);
        if (sku.PartClass is not ("A" or "B" or "C"))
        {
            v.Add("partClass", "must be A, B or C");
        }

        for (var i = 0; i < sku.Categories.Count; i++)
        {
            v.Required($"categories[{i}]", sku.Categories[i], 64);
        }

        if (v.ToFailure() is { } invalid)
        {
            return invalid;
        }

        state.State.Skus[sku.Sku] = sku;
        await state.WriteStateAsync(this);
        return Result<PartSku>.Ok(sku);
    }

    public Task<PartSku?> GetSkuAsync(string sku) => Task.FromResult(state.State.Skus.GetValueOrDefault(sku));

    public Task<IReadOnlyList<PartSku>> ListSkusAsync() =>
        Task.FromResult<IReadOnlyList<PartSku>>(state.State.Skus.Values.OrderBy(s => s.Sku, StringComparer.Ordinal).ToList());

    public async Task<Result<Supplier>> SaveSupplierAsync(Supplier supplier, Actor actor)
    {
        if (new Validation().Identifier("id", supplier.Id).Required("name", supplier.Name).ToFailure() is { } invalid)
        {
            return invalid;
        }

        state.State.Suppliers[supplier.Id] = supplier;
        await state.WriteStateAsync(this);
        return Result<Supplier>.Ok(supplier);
    }

    public Task<Supplier?> GetSupplierAsync(string id) => Task.FromResult(state.State.Suppliers.GetValueOrDefault(id));

    public Task<IReadOnlyList<Supplier>> ListSuppliersAsync() =>
        Task.FromResult<IReadOnlyList<Supplier>>(state.State.Suppliers.Values.OrderBy(s => s.Id, StringComparer.Ordinal).ToList());

    public async Task RegisterBinAsync(string location, string sku)
    {
        var bins = state.State.Bins.TryGetValue(sku, out var known) ? known : state.State.Bins[sku] = [];
        if (!bins.Contains(location))
        {
            bins.Add(location);
            await state.WriteStateAsync(this);
        }
    }

    public async Task SetOnOrderAsync(string purchaseOrderId, string binKey, int outstanding)
    {
        if (outstanding > 0)
        {
            state.State.OnOrder[purchaseOrderId] = new OnOrder(binKey, outstanding);
        }
        else
        {
            state.State.OnOrder.Remove(purchaseOrderId);
        }

        await state.WriteStateAsync(this);
    }

    public Task<IReadOnlyDictionary<string, int>> OnOrderAsync() => Task.FromResult<IReadOnlyDictionary<string, int>>(
        state.State.OnOrder.Values.GroupBy(o => o.BinKey, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(o => o.Outstanding), StringComparer.Ordinal));

    public async Task SetWaitingAsync(string workOrderId, string binKey, int waiting)
    {
        var key = $"{workOrderId}/{binKey}";
        if (waiting > 0)
        {
            state.State.Waiting[key] = waiting;
        }
        else if (!state.State.Waiting.Remove(key))
        {
            return;
        }

        await state.WriteStateAsync(this);
    }

    public async Task ClearWaitingAsync(string workOrderId)
    {
        var keys = state.State.Waiting.Keys.Where(k => k.StartsWith(workOrderId + "/", StringComparison.Ordinal)).ToList();
        if (keys.Count > 0)
        {
            keys.ForEach(k => state.State.Waiting.Remove(k));
            await state.WriteStateAsync(this);
        }
    }

    public Task<IReadOnlyDictionary<string, int>> WaitingAsync() => Task.FromResult<IReadOnlyDictionary<string, int>>(
        state.State.Waiting.GroupBy(w => w.Key[(w.Key.IndexOf('/', StringComparison.Ordinal) + 1)..], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(w => w.Value), StringComparer.Ordinal));

    public Task<IReadOnlyList<string>> OpenPurchaseOrdersAsync() =>
        Task.FromResult<IReadOnlyList<string>>(state.State.OnOrder.Keys.Order(StringComparer.Ordinal).ToList());

    public Task<IReadOnlyDictionary<string, int>> WaitingForAsync(string binKey) => Task.FromResult<IReadOnlyDictionary<string, int>>(
        state.State.Waiting.Where(w => w.Key.EndsWith("/" + binKey, StringComparison.Ordinal))
            .ToDictionary(w => w.Key[..w.Key.IndexOf('/', StringComparison.Ordinal)], w => w.Value, StringComparer.Ordinal));

    public Task<IReadOnlyList<string>> BinsOfAsync(string sku) =>
        Task.FromResult<IReadOnlyList<string>>(state.State.Bins.TryGetValue(sku, out var bins) ? bins.Order(StringComparer.Ordinal).ToList() : []);
}

[GenerateSerializer, Alias("fs.PartsBinState")]
public sealed class PartsBinState
{
    [Id(0)] public PartsBin? Bin { get; set; }

    /// <summary>Every movement, oldest first; entry N has sequence N.</summary>
    [Id(1)] public List<PartMovement> Ledger { get; set; } = [];

    /// <summary>The ledger as audit entries (S1), published as an outbox like every other record.</summary>
    [Id(2)] public List<AuditEntry> History { get; set; } = [];

    [Id(3)] public long PublishedSequence { get; set; }

    /// <summary>Where the stocktake reminder is aimed.</summary>
    [Id(4)] public DateTimeOffset? CountReminderAt { get; set; }

    /// <summary>The request ids of the latest reservations asked with one, so a repeated request is applied once.</summary>
    [Id(5)] public List<string> AppliedRequests { get; set; } = [];
}

/// <summary>
/// One SKU at one location; the single writer of its stock. Looks up what a movement needs (the supplier of a
/// delivery, the work order of a reservation or issue), asks <see cref="PartsBinRules"/>, persists the bin with its
/// ledger, then publishes the ledger entries to the audit trail.
/// </summary>
public sealed class PartsBinGrain(
    [PersistentState("partsBin", StorageNames.Records)] IPersistentState<PartsBinState> stored,
    RecordPublisher publisher,
    IOptions<PartsOptions> options,
    TimeProvider time,
    ILogger<PartsBinGrain> logger) : Grain, IPartsBinGrain, IRemindable
{
    private readonly GuardedState<PartsBinState> state = new(stored);

    public const string SubjectType = "parts-bin";

    /// <summary>How many reservation request ids a bin remembers: far more than one order's retries can span.</summary>
    private const int MaxAppliedRequests = 200;

    private const string CountReminder = "count-due";

    private string Key => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.PublishedSequence < state.State.History.Count)
        {
            await PublishAsync();
        }
    }

    public Task<PartsBin?> GetAsync() => Task.FromResult(state.State.Bin);

    public Task<IReadOnlyList<PartMovement>> LedgerAsync() => Task.FromResult<IReadOnlyList<PartMovement>>(state.State.Ledger.ToArray());

    public Task<Result<PartsBin>> ExecuteAsync(PartsCommand command, Actor actor) => ExecuteCoreAsync(command, actor, null);

    public Task<Result<PartsBin>> ExecuteForOrderAsync(PartsCommand command, Actor actor, WorkOrder order) =>
        PartsBinRules.WorkOrderOf(command) == order.Id
            ? ExecuteCoreAsync(command, actor, order)
            : Task.FromResult<Result<PartsBin>>(Failure.Invalid("workOrderId", $"the movement names another work order than {order.Id}"));

    private async Task<Result<PartsBin>> ExecuteCoreAsync(PartsCommand command, Actor actor, WorkOrder? givenOrder)
    {
        if (command is ReserveParts { RequestId: { } repeated } && state.State.Bin is { } current && state.State.AppliedRequests.Contains(repeated))
        {
            return Result<PartsBin>.Ok(current);
        }

        var (location, sku) = PartsBins.Parse(this.GetPrimaryKeyString());
        var catalog = GrainFactory.GetGrain<IPartsCatalogGrain>(0);
        var part = state.State.Bin is null || command is ApproveCount ? await catalog.GetSkuAsync(sku) : null;
        if (state.State.Bin is null && part is null)
        {
            return Failure.NotFound($"No part {sku} in the catalog.");
        }

        var supplier = command is ReceiveParts { SupplierId: { } supplierId } && Validation.IsIdentifier(supplierId)
            ? await catalog.GetSupplierAsync(supplierId)
            : null;
        var order = givenOrder ?? (PartsBinRules.WorkOrderOf(command) is { } workOrderId && Validation.IsIdentifier(workOrderId)
            ? await GrainFactory.GetGrain<IWorkOrderGrain>(workOrderId).GetAsync()
            : null);
        var decision = PartsBinRules.Decide(location, sku, state.State.Bin, state.State.Ledger, command, actor, time.GetUtcNow(),
            new PartsContext(supplier, order, part is null ? null : options.Value.CountEveryFor(part.PartClass)));
        if (decision.Failure is { } failure)
        {
            return failure;
        }

        var (bin, movement) = decision.Value!;
        if (movement is null)
        {
            return Result<PartsBin>.Ok(bin);
        }

        if (state.State.Bin is null)
        {
            await catalog.RegisterBinAsync(location, sku);
        }

        var before = state.State.Bin;
        state.State.Bin = bin;
        state.State.Ledger.Add(movement);
        if (command is ReserveParts { RequestId: { } requestId })
        {
            state.State.AppliedRequests.Add(requestId);
            if (state.State.AppliedRequests.Count > MaxAppliedRequests)
            {
                state.State.AppliedRequests.RemoveAt(0);
            }
        }

        state.State.History.Add(new AuditEntry(SubjectType, this.GetPrimaryKeyString(), movement.Sequence, movement.At, actor, movement.Kind, null, null,
            $"{movement.Quantity:+#;-#;0} {sku} at {location}" + (movement.Reason is null ? "" : $": {movement.Reason}"), movement.WorkOrderId,
            order?.TechnicianId, new AuditEntryFacts { Parts = [new PartLine(location, sku, movement.Quantity)] }));
        await state.WriteStateAsync(this);
        await PublishAsync();
        await AimCountReminderAsync(bin);
        if (movement is { Kind: AuditActions.Issue or AuditActions.Return, WorkOrderId: { } usedBy })
        {
            // Q2: the order lists the parts its repair used (one way: the order never waits on a bin's caller).
            _ = GrainFactory.GetGrain<IWorkOrderGrain>(usedBy).PartsMovedAsync(movement);
        }

        // Live: the storekeepers' feed says the bin's stock changed (the stores workspace redraws its row).
        _ = GrainFactory.GetGrain<IBoardGrain>(BoardStreams.Team(Teams.Stores)).PublishAsync(new BoardChange(BoardChange.BinKind, movement.At, Bin: bin));
        if (bin.Available > (before?.Available ?? 0))
        {
            await OfferToWaitingOrdersAsync(sku, bin.Available);
        }

        if (bin.LowStock && before is { LowStock: false })
        {
            // M1: the movement took the bin to its minimum: the storekeepers are alerted once per drop.
            await RaiseAsync($"low-stock/{Key}/{bin.Version}", "M1",
                $"{sku} at {location}: {bin.Available} available, minimum {bin.Min}; reorder up to {bin.Max}");
        }

        return Result<PartsBin>.Ok(bin);
    }

    /// <summary>M3: units became available (a delivery, a transfer in, an approved count, a release): each work order that
    /// waits for this bin tries to reserve them (the bin, their single writer, gives no unit twice). One way: an order
    /// reserves by calling this bin, which must not be waiting for it. A failure here is logged; the next arrival asks again.</summary>
    private async Task OfferToWaitingOrdersAsync(string sku, int available)
    {
        try
        {
            var waiting = await GrainFactory.GetGrain<IPartsCatalogGrain>(0).WaitingForAsync(Key);
            foreach (var (workOrderId, units) in waiting)
            {
                _ = GrainFactory.GetGrain<IWorkOrderGrain>(workOrderId).PartsArrivedAsync(new PartNeed(sku, units, null));
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "Parts bin {Bin}: could not offer {Available} available units to the orders waiting for them", Key, available);
        }
    }

    /// <summary>M2: a stocktake not counted by its due time becomes a task in the storekeepers' inbox.</summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.State.Bin is { CountDueAt: { } due, PendingCount: null } bin && due <= time.GetUtcNow())
        {
            await RaiseAsync($"count/{Key}/{due.UtcTicks}", "M2", $"stocktake of {bin.Sku} at {bin.Location} overdue since {due:u} (M2)");
        }
    }

    /// <summary>Runs after the movement is durable, so a failure here is logged, not thrown: answering the movement as
    /// failed would invite doing it twice. Where the reminder is aimed is written only to spare re-aiming it; the next
    /// movement (or activation) aims it again when that write was lost.</summary>
    private async Task AimCountReminderAsync(PartsBin bin)
    {
        if (bin.CountDueAt is not { } due || due == state.State.CountReminderAt)
        {
            return;
        }

        try
        {
            var wait = due - time.GetUtcNow();
            await this.RegisterOrUpdateReminder(CountReminder, wait > TimeSpan.Zero ? wait : TimeSpan.Zero, TimeSpan.FromDays(1));
            state.State.CountReminderAt = due;
            await state.WriteStateAsync(this);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "Parts bin {Bin}: could not aim the stocktake reminder at {Due}", Key, due);
        }
    }

    /// <summary>A follow-up after the bin's own change is durable: a failure is logged, not thrown.</summary>
    private async Task RaiseAsync(string key, string clause, string reason)
    {
        try
        {
            await GrainFactory.GetGrain<IEscalationGrain>(EscalationIds.For(Teams.Stores, key)).RaiseAsync(Teams.Stores, Key, clause, reason);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "Parts bin {Bin}: could not raise {Task} to the storekeepers", Key, key);
        }
    }

    private async Task PublishAsync()
    {
        if (await publisher.PublishAsync(state.State.History, state.State.PublishedSequence, () => Task.CompletedTask, $"parts bin {this.GetPrimaryKeyString()}") is { } sequence)
        {
            state.State.PublishedSequence = sequence;
        }
    }
}
