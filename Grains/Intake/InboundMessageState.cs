using FieldService.Intake;

namespace FieldService.Grains.Intake;

/// <summary>An inbound message's grain state: the decision (kept before it is carried out) and, once carried out, the
/// answer every later receipt of the same message gets.</summary>
[GenerateSerializer, Alias("fs.InboundMessageState")]
public sealed class InboundMessageState
{
    [Id(0)] public IntakeDecision? Decision { get; set; }
    [Id(1)] public IntakeOutcome? Outcome { get; set; }
}
