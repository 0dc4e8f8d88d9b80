namespace FieldService.Dispatching;

/// <summary>
/// Why an order went to a technician, or why it is still waiting: what set dispatch off, the candidates considered
/// with their scores (best first, then the excluded with the rule that excluded them) and the outcome.
/// </summary>
[GenerateSerializer, Immutable, Alias("fs.DispatchDecision")]
public sealed record DispatchDecision(
    [property: Id(0)] string WorkOrderId,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string Trigger,
    [property: Id(3)] string Mode,
    [property: Id(4)] string? TechnicianId,
    [property: Id(5)] string Explanation,
    [property: Id(6)] IReadOnlyList<DispatchCandidate> Candidates,
    [property: Id(7)] int OrdersWeighedTogether)
{
    public const string Automatic = "automatic";
    public const string Manual = "manual";
}
