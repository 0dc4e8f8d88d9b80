using FieldService.Audit;
using FieldService.Escalations;

namespace FieldService.Grains.Escalations;

/// <summary>What a team grain persists.</summary>
[GenerateSerializer, Alias("fs.EscalationTeamState")]
public sealed class EscalationTeamState
{
    [Id(0)] public List<Escalation> Escalations { get; set; } = [];

    /// <summary>Raise keys already seen (work order + clock), so raising twice yields one escalation.</summary>
    [Id(1)] public Dictionary<string, string> Keys { get; set; } = [];

    [Id(2)] public List<RosterMember> Roster { get; set; } = [];

    [Id(3)] public Dictionary<string, EmergencyPlan> Plans { get; set; } = [];

    [Id(4)] public List<AuditEntry> History { get; set; } = [];

    [Id(5)] public long PublishedSequence { get; set; }
}
