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

    /// <summary>Issue 16: the fed-back result is still to be recorded as a notice on the work order (the outbox: set in
    /// the feedback step's own write, cleared once the order has answered).</summary>
    [Id(3)] public bool CustomerNoticePending { get; set; }

    /// <summary>Failed asks in a row (sets the backoff).</summary>
    [Id(4)] public int NoticeAttempts { get; set; }
}
