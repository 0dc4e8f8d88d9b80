namespace FieldService.Parts;

/// <summary>A movement or setting asked of a parts bin. The ledger kind is the kebab-case route name.</summary>
[GenerateSerializer, Alias("fs.PartsCommand")]
public abstract record PartsCommand;

/// <summary>M2: the levels that bound the stock.</summary>
[GenerateSerializer, Immutable, Alias("fs.ConfigureBin")]
public sealed record ConfigureBin([property: Id(0)] int Min, [property: Id(1)] int Max) : PartsCommand;

/// <summary>M1: a delivery from a supplier, with its certificate of conformity; incoming inspection decides whether
/// it goes into stock or into quarantine.</summary>
[GenerateSerializer, Immutable, Alias("fs.ReceiveParts")]
public sealed record ReceiveParts(
    [property: Id(0)] int Quantity, [property: Id(1)] string SupplierId, [property: Id(2)] string Certificate,
    [property: Id(3)] bool InspectionPassed, [property: Id(4)] string? Document) : PartsCommand;

/// <summary>M1: quarantined units go back to the supplier.</summary>
[GenerateSerializer, Immutable, Alias("fs.ReturnToSupplier")]
public sealed record ReturnToSupplier([property: Id(0)] int Quantity, [property: Id(1)] string? Document) : PartsCommand;

/// <summary>P6/M3: units held for a work order. With a <paramref name="RequestId"/> the bin applies the reservation
/// once however often it is asked (a work order retrying its follow-up).</summary>
[GenerateSerializer, Immutable, Alias("fs.ReserveParts")]
public sealed record ReserveParts([property: Id(0)] string WorkOrderId, [property: Id(1)] int Quantity, [property: Id(2)] string? RequestId = null) : PartsCommand;

[GenerateSerializer, Immutable, Alias("fs.ReleaseParts")]
public sealed record ReleaseParts([property: Id(0)] string WorkOrderId) : PartsCommand;

/// <summary>Q2: reserved units are consumed by the work order's repair.</summary>
[GenerateSerializer, Immutable, Alias("fs.IssueParts")]
public sealed record IssueParts([property: Id(0)] string WorkOrderId, [property: Id(1)] int Quantity) : PartsCommand;

[GenerateSerializer, Immutable, Alias("fs.ReturnUnused")]
public sealed record ReturnUnused([property: Id(0)] string WorkOrderId, [property: Id(1)] int Quantity) : PartsCommand;

/// <summary>M2: a stocktake count, applied to the book only once approved.</summary>
[GenerateSerializer, Immutable, Alias("fs.CountBin")]
public sealed record CountBin([property: Id(0)] int Counted) : PartsCommand;

[GenerateSerializer, Immutable, Alias("fs.ApproveCount")]
public sealed record ApproveCount : PartsCommand;

/// <summary>A transfer's first step, at the sending bin: the units leave it and are held in transit.</summary>
[GenerateSerializer, Immutable, Alias("fs.SendTransfer")]
public sealed record SendTransfer([property: Id(0)] string TransferId, [property: Id(1)] string To, [property: Id(2)] int Quantity) : PartsCommand;

/// <summary>A transfer's second step, at the receiving bin; receiving the same transfer again changes nothing.</summary>
[GenerateSerializer, Immutable, Alias("fs.ReceiveTransfer")]
public sealed record ReceiveTransfer([property: Id(0)] string TransferId, [property: Id(1)] string From, [property: Id(2)] int Quantity) : PartsCommand;

/// <summary>A transfer's last step, at the sending bin: the receiving bin has the units; they are no longer in transit.</summary>
[GenerateSerializer, Immutable, Alias("fs.CompleteTransfer")]
public sealed record CompleteTransfer([property: Id(0)] string TransferId) : PartsCommand;
