using FieldService.Escalations;

namespace FieldService.Grains.Records;

/// <summary>The queryable index of escalations (a team's inbox). An upsert older than what is stored is ignored.</summary>
public interface IEscalationIndex
{
    Task UpsertAsync(Escalation escalation, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Escalation>> ListAsync(string team, bool openOnly, CancellationToken cancellationToken = default);
}
