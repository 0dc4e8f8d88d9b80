using FieldService.Audit;
using FieldService.Escalations;

namespace FieldService.Grains.Escalations;

/// <summary>What an escalation grain persists.</summary>
[GenerateSerializer, Alias("fs.EscalationState")]
public sealed class EscalationState
{
    [Id(0)] public Escalation? Escalation { get; set; }

    [Id(1)] public List<AuditEntry> History { get; set; } = [];

    [Id(2)] public long PublishedSequence { get; set; }
}
