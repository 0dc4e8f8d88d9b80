namespace FieldService.Intake;

/// <summary>What one reading of the mailbox did.</summary>
/// <param name="Outcomes">One per message received, in the mailbox's order.</param>
/// <param name="Error">Why the mailbox could not be read (it is read again on the next tick), or null.</param>
[GenerateSerializer, Immutable, Alias("fs.MailboxPoll")]
public sealed record MailboxPoll(
    [property: Id(0)] IReadOnlyList<IntakeOutcome> Outcomes,
    [property: Id(1)] string? Error = null);
