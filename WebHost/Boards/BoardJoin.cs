using FieldService.Boards;
using FieldService.Dispatching;
using FieldService.Escalations;
using FieldService.TechnicalSupport;
using FieldService.Quality;
using FieldService.Technicians;

namespace FieldService.WebHost.Boards;

/// <summary>
/// The answer to joining a stream: where it stands (epoch, sequence) and either the deltas missed since the position
/// the client sent, or a snapshot to start from. Deltas with a sequence at or below <see cref="Sequence"/> that arrive
/// afterwards are already contained and are ignored; the next one a client may see is <see cref="Sequence"/> + 1.
/// </summary>
public sealed record BoardJoin(string Stream, string Epoch, long Sequence, IReadOnlyList<BoardDelta>? Missed, BoardSnapshot? Snapshot);

/// <summary>What a board shows, as it stands: the stream's open orders, technicians, queue and open escalations;
/// technical support's inbox in <see cref="SupportRequests"/>, the inspection stream's cards (Q3/Q4) in
/// <see cref="Inspections"/>, and for the teams' stream every team's roster and the emergency plans.</summary>
public sealed record BoardSnapshot(
    IReadOnlyList<OrderCard> Orders, IReadOnlyList<Technician> Technicians, IReadOnlyList<QueuedOrder> Queue, IReadOnlyList<Escalation> Escalations,
    IReadOnlyList<SupportCase>? SupportRequests = null, IReadOnlyList<InspectionCard>? Inspections = null,
    IReadOnlyList<TeamRoster>? Rosters = null, IReadOnlyList<EmergencyPlan>? Plans = null);
