namespace FieldService.Escalations;

/// <summary>Lists a team's escalations from the index every escalation keeps up to date.</summary>
[Alias("fs.IEscalationDirectoryGrain")]
public interface IEscalationDirectoryGrain : IGrainWithIntegerKey
{
    Task<IReadOnlyList<Escalation>> ListAsync(string team, bool openOnly);
}
