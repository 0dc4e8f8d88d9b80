using FieldService.Audit;
using FieldService.Complaints;

namespace FieldService.Grains.Complaints;

/// <summary>A decided complaint step: the complaint after it, and the history entry that records it.</summary>
public sealed record ComplaintChange(Complaint Complaint, AuditEntry Entry);
