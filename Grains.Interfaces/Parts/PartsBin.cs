namespace FieldService.Parts;

/// <summary>One SKU at one location (a warehouse or a technician's van) as it stands (M2).</summary>
[GenerateSerializer, Immutable, Alias("fs.PartsBin")]
public sealed record PartsBin
{
    [Id(0)] public required string Location { get; init; }
    [Id(1)] public required string Sku { get; init; }
    /// <summary>Units physically in the bin that passed incoming inspection (reserved ones included).</summary>
    [Id(2)] public int OnHand { get; init; }
    /// <summary>Units that failed incoming inspection, waiting to go back to the supplier.</summary>
    [Id(3)] public int Quarantined { get; init; }
    [Id(4)] public IReadOnlyList<Reservation> Reservations { get; init; } = [];
    [Id(5)] public int Min { get; init; }
    [Id(6)] public int Max { get; init; }
    [Id(7)] public DateTimeOffset? LastCountedAt { get; init; }
    /// <summary>A count recorded and waiting for approval; the book changes only when it is approved.</summary>
    [Id(8)] public PendingCount? PendingCount { get; init; }
    [Id(9)] public long Version { get; init; }
    [Id(10)] public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Units sent to another bin and not yet confirmed there (M2: counted, not lost, while on the way).</summary>
    [Id(11)] public IReadOnlyList<TransferOut> InTransit { get; init; } = [];

    /// <summary>M2: when the next stocktake of this bin is due (by its part's class).</summary>
    [Id(12)] public DateTimeOffset? CountDueAt { get; init; }

    public int Reserved => Reservations.Sum(r => r.Quantity);

    public int Available => OnHand - Reserved;

    /// <summary>M1: at or below the minimum level, a purchase is due.</summary>
    public bool LowStock => Available <= Min;
}

/// <summary>Units held for a work order until they are issued or released.</summary>
[GenerateSerializer, Immutable, Alias("fs.Reservation")]
public sealed record Reservation([property: Id(0)] string WorkOrderId, [property: Id(1)] int Quantity, [property: Id(2)] DateTimeOffset At);

/// <summary>M2: a stocktake count: what was found, how far it is from the book, who counted.</summary>
[GenerateSerializer, Immutable, Alias("fs.PendingCount")]
public sealed record PendingCount(
    [property: Id(0)] int Counted, [property: Id(1)] int Variance, [property: Id(2)] string CountedBy, [property: Id(3)] DateTimeOffset At);

/// <summary>
/// One entry of a bin's ledger: every unit that enters, leaves, is held or is found is explained by one. Entries are
/// never changed; the balances after the movement make the ledger readable on its own.
/// </summary>
[GenerateSerializer, Immutable, Alias("fs.PartMovement")]
public sealed record PartMovement(
    [property: Id(0)] string Location,
    [property: Id(1)] string Sku,
    [property: Id(2)] long Sequence,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] Actor Actor,
    [property: Id(5)] string Kind,
    [property: Id(6)] int Quantity,
    [property: Id(7)] string? WorkOrderId,
    [property: Id(8)] string? Reason,
    [property: Id(9)] string? Document,
    [property: Id(10)] string? SupplierId,
    [property: Id(11)] string? Certificate,
    [property: Id(12)] int OnHand,
    [property: Id(13)] int Reserved,
    [property: Id(14)] int Quarantined);

/// <summary>Units that left this bin for another one, until the other bin confirms them.</summary>
[GenerateSerializer, Immutable, Alias("fs.TransferOut")]
public sealed record TransferOut([property: Id(0)] string TransferId, [property: Id(1)] string To, [property: Id(2)] int Quantity, [property: Id(3)] DateTimeOffset At);

/// <summary>A transfer between two bins of one SKU (warehouse ↔ van) and how far it got.</summary>
[GenerateSerializer, Immutable, Alias("fs.PartsTransfer")]
public sealed record PartsTransfer(
    [property: Id(0)] string Id,
    [property: Id(1)] string Sku,
    [property: Id(2)] string From,
    [property: Id(3)] string To,
    [property: Id(4)] int Quantity,
    [property: Id(5)] string Step,
    [property: Id(6)] DateTimeOffset RequestedAt,
    [property: Id(7)] string RequestedBy,
    [property: Id(8)] string? LastError);

/// <summary>M1: parts bought from a supplier for one bin, received against in one or more deliveries.</summary>
[GenerateSerializer, Immutable, Alias("fs.PurchaseOrder")]
public sealed record PurchaseOrder(
    [property: Id(0)] string Id,
    [property: Id(1)] string SupplierId,
    [property: Id(2)] string Location,
    [property: Id(3)] string Sku,
    [property: Id(4)] int Quantity,
    [property: Id(5)] int Received,
    [property: Id(6)] string Status,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] string CreatedBy)
{
    public int Outstanding => Math.Max(0, Quantity - Received);
}
