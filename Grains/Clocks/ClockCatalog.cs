using FieldService.Clocks;
using FieldService.Escalations;
using FieldService.Grains.Reports;
using FieldService.WorkOrders;

namespace FieldService.Grains.Clocks;

/// <summary>One clock of the regulation: everything the platform says about it, in one row.</summary>
/// <param name="Clause">The clause it enforces, recorded on the clock and on its breach.</param>
/// <param name="ReportLine">The compliance report's line its breach counts against (E2 has two).</param>
/// <param name="Within">The deadline source: how long after its start it is due under the order's terms; null when
/// the deadline is a time agreed with the customer (P4: the end of the agreed arrival window).</param>
/// <param name="Team">Who its breach is escalated to (DESIGN.md's clock table).</param>
/// <param name="Late">What its breach says happened ("{clause}: {late} by {due}").</param>
/// <param name="Starts">What starts it (for people; the command rules' <c>Clocks</c> do it).</param>
/// <param name="Stops">What meets or stops it.</param>
public sealed record ClockRow(
    ClockKind Kind,
    string Clause,
    string ReportLine,
    Func<SlaTerms, TimeSpan>? Within,
    Func<WorkOrder, string> Team,
    string Late,
    string Starts,
    string Stops);

/// <summary>
/// The catalog of clocks: one row per <see cref="ClockKind"/>, and no default — a new kind without a row fails the
/// catalog test (<c>Every_command_and_clock_is_covered_everywhere_it_must_be</c>) and, should it run, throws here
/// instead of passing for another clock.
/// </summary>
public static class ClockCatalog
{
    public static IReadOnlyList<ClockRow> Rows { get; } =
    [
        new(ClockKind.Dispatch, "P2", Clauses.P2, t => t.DispatchWithin,
            o => o.Priority == Priority.Emergency ? Teams.Emergency : Teams.DispatchLead, "not dispatched",
            "the report", "met by dispatch; stopped when triage resolves the fault remotely or the order is cancelled"),
        new(ClockKind.Accept, "P3", Clauses.P3, t => t.AcceptWithin, _ => Teams.Dispatch, "not accepted",
            "each dispatch", "met by accept; stopped by decline, withdrawal, pull-back, reassignment (which starts it anew) or cancel"),
        new(ClockKind.Arrival, "P4", Clauses.P4, null, _ => Teams.Dispatch, "technician not on site",
            "the first dispatch of an order with an agreed arrival window", "met by arrive; a delay announced before it moves it to the new ETA"),
        new(ClockKind.EmergencyContact, "E2", Clauses.E2Contact, t => t.EmergencyContactWithin, _ => Teams.Emergency, "customer not contacted",
            "the first dispatch of an emergency", "met by contact; stopped by cancel"),
        new(ClockKind.EmergencyArrival, "E2", Clauses.E2Arrival, t => t.EmergencyArrivalWithin, _ => Teams.Emergency, "technician not on site",
            "the first dispatch of an emergency", "met by arrive; stopped by cancel"),
        new(ClockKind.Callback, "P9", Clauses.P9, t => t.CallbackWithin, _ => Teams.CustomerServiceLead, "customer not called back",
            "each completion", "met by callback; stopped by a failed inspection (Q4) or cancel"),
        // The repair department's lead answers for rework.
        new(ClockKind.Rework, "Q4", Clauses.Q4, t => t.ReworkWithin, _ => Teams.DispatchLead, "rework not completed",
            "a failed inspection", "met by the next completion; stopped by cancel"),
    ];

    private static readonly Dictionary<ClockKind, ClockRow> ByKind = Rows.ToDictionary(r => r.Kind);

    public static ClockRow Of(ClockKind kind) =>
        ByKind.TryGetValue(kind, out var row) ? row : throw new InvalidOperationException($"Clock {kind} has no row in the clock catalog.");
}
