using FieldService.Audit;
using FieldService.Complaints;

namespace FieldService.Grains.Complaints;

/// <summary>What a complaint grain persists.</summary>
[GenerateSerializer, Alias("fs.ComplaintState")]
public sealed class ComplaintState
{
    [Id(0)] public Complaint? Complaint { get; set; }

    [Id(1)] public List<AuditEntry> History { get; set; } = [];

    [Id(2)] public long PublishedSequence { get; set; }
}
