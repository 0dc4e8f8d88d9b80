namespace FieldService.Intake;

/// <summary>What an inbound message became.</summary>
public enum IntakeOutcomeKind
{
    /// <summary>A new order, status <c>reported</c>, in the agents' triage queue.</summary>
    NewOrder,

    /// <summary>Added to the thread of the sender's open order about the same product.</summary>
    FollowUp,

    /// <summary>Could not be read: a new order holding the message as it came, for the triage queue.</summary>
    Unreadable,
}
