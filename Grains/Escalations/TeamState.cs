using FieldService.Audit;
using FieldService.Escalations;

namespace FieldService.Grains.Escalations;

/// <summary>What a team grain persists.</summary>
[GenerateSerializer, Alias("fs.TeamState")]
public sealed class TeamState
{
    [Id(0)] public List<RosterMember> Roster { get; set; } = [];

    [Id(1)] public Dictionary<string, EmergencyPlan> Plans { get; set; } = [];

    [Id(2)] public List<AuditEntry> History { get; set; } = [];

    [Id(3)] public long PublishedSequence { get; set; }

    /// <summary>Every version of each plan, oldest first (the latest is also in <see cref="Plans"/>): an order names the
    /// version it was handled under, and an E3 review reads what that version said.</summary>
    [Id(4)] public Dictionary<string, List<EmergencyPlan>> PlanVersions { get; set; } = [];
}
