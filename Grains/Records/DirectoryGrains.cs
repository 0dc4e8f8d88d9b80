using FieldService.Audit;
using FieldService.Escalations;
using FieldService.Technicians;
using Orleans.Concurrency;

namespace FieldService.Grains.Records;

// Stateless readers over the indexes, so a web host that runs as a pure cluster client can query them too.

[StatelessWorker]
public sealed class TechnicianDirectoryGrain(ITechnicianIndex index) : Grain, ITechnicianDirectoryGrain
{
    public Task<IReadOnlyList<Technician>> ListAsync(string? region) => index.ListAsync(region);
}

[StatelessWorker]
public sealed class AuditTrailGrain(IAuditLog auditLog) : Grain, IAuditTrailGrain
{
    public Task<Page<AuditEntry>> QueryAsync(AuditQuery query) => auditLog.QueryAsync(query);
}

[StatelessWorker]
public sealed class EscalationDirectoryGrain(IEscalationIndex index) : Grain, IEscalationDirectoryGrain
{
    public Task<IReadOnlyList<Escalation>> ListAsync(string team, bool openOnly) => index.ListAsync(team, openOnly);
}
