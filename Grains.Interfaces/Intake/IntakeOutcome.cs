namespace FieldService.Intake;

/// <summary>What became of an inbound message: the order it made or joined.</summary>
/// <param name="Replayed">The message had been received before: nothing new was made, this is the first answer.</param>
/// <param name="AttachmentsKept">Files kept with the order (the rest were over the size or count cap).</param>
[GenerateSerializer, Immutable, Alias("fs.IntakeOutcome")]
public sealed record IntakeOutcome(
    [property: Id(0)] string WorkOrderId,
    [property: Id(1)] IntakeOutcomeKind Kind,
    [property: Id(2)] bool Replayed,
    [property: Id(3)] int AttachmentsKept,
    [property: Id(4)] int AttachmentsRefused);
