namespace FieldService;

/// <summary>Why a command was refused; each maps to one HTTP status.</summary>
public enum FailureKind
{
    /// <summary>The addressed record does not exist (404).</summary>
    NotFound,
    /// <summary>The values are well-formed but not acceptable (422).</summary>
    Invalid,
    /// <summary>The step is not allowed in the current state (409).</summary>
    Conflict,
    /// <summary>The caller's precondition (If-Match: the version it last read) no longer holds (412).</summary>
    PreconditionFailed,
    /// <summary>The content is larger than the configured limit (413).</summary>
    TooLarge,
}
