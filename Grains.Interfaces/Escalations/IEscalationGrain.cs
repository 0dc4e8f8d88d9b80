namespace FieldService.Escalations;

/// <summary>One escalation (keyed by its id, <c>{team}.{hash}</c>). Until acknowledged it is raised again to the
/// next member on call of its team every <c>Sla:EscalationAckWithin</c>.</summary>
[Alias("fs.IEscalationGrain")]
public interface IEscalationGrain : IGrainWithStringKey
{
    /// <summary>Raises the escalation; raising one already raised returns it unchanged.</summary>
    Task<Escalation> RaiseAsync(string team, string workOrderId, string clause, string reason);

    Task<Escalation?> GetAsync();

    Task<Result<Escalation>> AcknowledgeAsync(Actor actor);
}
