using FieldService.Dispatching;
using FieldService.Escalations;
using FieldService.TechnicalSupport;
using FieldService.Quality;
using FieldService.Technicians;

namespace FieldService.Boards;

/// <summary>What changed, as published by a grain: a whole card (order, technician, escalation, support request, parts bin) or the whole
/// waiting queue, so applying it needs no earlier state and applying it twice is harmless.</summary>
[GenerateSerializer, Immutable, Alias("fs.BoardChange")]
public sealed record BoardChange(
    [property: Id(0)] string Kind,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] OrderCard? Order = null,
    [property: Id(3)] Technician? Technician = null,
    [property: Id(4)] Escalation? Escalation = null,
    [property: Id(5)] IReadOnlyList<QueuedOrder>? Queue = null,
    [property: Id(6)] SupportCase? Support = null,
    [property: Id(7)] InspectionCard? Inspection = null,
    [property: Id(8)] TeamRoster? Roster = null,
    [property: Id(9)] EmergencyPlan? Plan = null,
    [property: Id(10)] FieldService.Parts.PartsBin? Bin = null)
{
    public const string OrderKind = "order";
    public const string TechnicianKind = "technician";
    public const string EscalationKind = "escalation";
    public const string QueueKind = "queue";
    public const string SupportKind = "support";
    public const string InspectionKind = "inspection";
    public const string RosterKind = "roster";
    public const string PlanKind = "plan";
    public const string BinKind = "bin";
}

/// <summary>A change as a stream delivers it: numbered within the stream's epoch (a board grain's activation), so a
/// client sees a gap at once and asks for what it missed.</summary>
[GenerateSerializer, Immutable, Alias("fs.BoardDelta")]
public sealed record BoardDelta(
    [property: Id(0)] string Stream,
    [property: Id(1)] string Epoch,
    [property: Id(2)] long Sequence,
    [property: Id(3)] BoardChange Change);

/// <summary>Where a stream stands: its epoch and the number of its latest delta (0: none yet).</summary>
[GenerateSerializer, Immutable, Alias("fs.BoardPosition")]
public sealed record BoardPosition([property: Id(0)] string Epoch, [property: Id(1)] long Sequence);
