namespace FieldService.Technicians;

/// <summary>A technician as they stand: profile, position, status and current load.</summary>
[GenerateSerializer, Immutable, Alias("fs.Technician")]
public sealed record Technician
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required TechnicianProfile Profile { get; init; }
    /// <summary>The status set by the technician or a dispatcher.</summary>
    [Id(2)] public required TechnicianStatus DutyStatus { get; init; }
    [Id(3)] public GeoPoint? Location { get; init; }
    [Id(4)] public DateTimeOffset? LocationAt { get; init; }
    /// <summary>Work orders offered to or held by this technician.</summary>
    [Id(5)] public IReadOnlyList<string> Assignments { get; init; } = [];
    [Id(6)] public long Version { get; init; }
    [Id(7)] public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>P3: offers this technician let run out without answering (work order id, when withdrawn).</summary>
    [Id(8)] public IReadOnlyList<MissedAccept> MissedAccepts { get; init; } = [];

    /// <summary>The weekly schedule; when empty, the profile's daily shift applies (and without one, any time).</summary>
    [Id(9)] public IReadOnlyList<WeeklyShift> Shifts { get; init; } = [];

    /// <summary>Leave, past and planned.</summary>
    [Id(10)] public IReadOnlyList<LeavePeriod> Leave { get; init; } = [];

    public int Load => Assignments.Count;

    /// <summary>The status dispatch sees: an available technician at capacity is busy.</summary>
    public TechnicianStatus Status =>
        DutyStatus == TechnicianStatus.Available && Load >= Profile.Capacity ? TechnicianStatus.Busy : DutyStatus;
}
