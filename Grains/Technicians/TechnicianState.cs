using FieldService.Audit;
using FieldService.Technicians;

namespace FieldService.Grains.Technicians;

/// <summary>What a technician grain persists.</summary>
[GenerateSerializer, Alias("fs.TechnicianState")]
public sealed class TechnicianState
{
    [Id(0)] public Technician? Technician { get; set; }

    /// <summary>Profile, status and load changes, oldest first (positions are not audited).</summary>
    [Id(1)] public List<AuditEntry> History { get; set; } = [];

    /// <summary>The last history sequence known to be in the audit log (the outbox mark).</summary>
    [Id(2)] public long PublishedSequence { get; set; }

    /// <summary>Where the availability reminder is aimed (next shift start or leave end), or null when none is registered.</summary>
    [Id(3)] public DateTimeOffset? AvailabilityReminderAt { get; set; }

    /// <summary>When each order in the load was taken (or last confirmed), so reconciliation leaves alone an order
    /// whose offer is still being made.</summary>
    [Id(4)] public Dictionary<string, DateTimeOffset> AssignedAt { get; set; } = [];
}
