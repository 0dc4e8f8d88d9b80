namespace FieldService.Attachments;

/// <summary>What an attachment shows (kebab-case in the API and the audit trail). New kinds are added at the end (issue
/// 16 brings mail attachments from intake); a value never changes, since stored rows and audit facts name it.</summary>
public enum AttachmentKind
{
    /// <summary>P5: the fault as the technician found it on site.</summary>
    Fault,

    /// <summary>P6/P7: the finished repair, before the customer signs.</summary>
    Repair,

    /// <summary>CS1: a file that came with the customer's mail or chat message (or the message itself, when it could
    /// not be read), kept by the platform's intake.</summary>
    Message,
}
