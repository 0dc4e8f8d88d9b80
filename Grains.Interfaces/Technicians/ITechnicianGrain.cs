namespace FieldService.Technicians;

/// <summary>One technician. The single writer of their own load, so no one is double-booked.</summary>
[Alias("fs.ITechnicianGrain")]
public interface ITechnicianGrain : IGrainWithStringKey
{
    /// <summary>Creates or updates the profile; status, position and assignments are kept.</summary>
    Task<Result<Technician>> SaveProfileAsync(TechnicianProfile profile, Actor actor);

    /// <summary>The technician, or null when none is registered under this id.</summary>
    Task<Technician?> GetAsync();

    Task<Result<Technician>> SetStatusAsync(TechnicianStatus status, string? reason, Actor actor);

    Task<Result<Technician>> ReportLocationAsync(GeoPoint location);

    /// <summary>Takes a work order into the technician's load; refused when not available or at capacity.
    /// Repeating it for an order already held succeeds without counting twice.</summary>
    [Repeatable]
    Task<Result<Technician>> AssignAsync(string workOrderId, Actor actor);

    /// <summary>Takes several work orders into the load in one write, as <see cref="AssignAsync"/> would one after the
    /// other: one answer per order, in the order given (those beyond capacity refused). Each order taken gets its own
    /// history entry.</summary>
    Task<IReadOnlyList<Result<Technician>>> AssignManyAsync(IReadOnlyList<string> workOrderIds, Actor actor);

    /// <summary>P3: the offer of <paramref name="workOrderId"/> ran out unanswered: it leaves the load and is recorded
    /// as a missed accept. Recording the same miss twice is harmless.</summary>
    [Repeatable]
    Task RecordMissedAcceptAsync(string workOrderId, DateTimeOffset at);

    /// <summary>Replaces the weekly schedule (an empty list falls back to the profile's daily shift).</summary>
    Task<Result<Technician>> SetShiftsAsync(IReadOnlyList<WeeklyShift> shifts, Actor actor);

    /// <summary>Records a leave period; dispatch offers the technician nothing within it.</summary>
    Task<Result<Technician>> AddLeaveAsync(LeavePeriod leave, Actor actor);

    Task<Result<Technician>> CancelLeaveAsync(string leaveId, Actor actor);

    /// <summary>Drops a work order from the load; releasing one not held is harmless.</summary>
    [Repeatable]
    Task ReleaseAsync(string workOrderId, Actor actor);

    /// <summary>Drops from the load every order held for longer than a grace period that is no longer open and
    /// assigned to this technician (a release lost to a crash); runs by itself on activation and periodically.
    /// Returns the orders dropped.</summary>
    Task<IReadOnlyList<string>> ReconcileAsync();
}
