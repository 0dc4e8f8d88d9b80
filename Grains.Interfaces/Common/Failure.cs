namespace FieldService;

/// <summary>A refused command: nothing was changed.</summary>
/// <param name="Kind">The class of refusal.</param>
/// <param name="Message">A sentence a person can act on.</param>
/// <param name="CurrentStatus">For conflicts on a lifecycle: the state the record is in (kebab-case).</param>
/// <param name="Errors">For invalid values: the offending fields (camelCase JSON paths) and what is wrong with each.</param>
/// <param name="CurrentVersion">For failed preconditions: the version the record is at now.</param>
[GenerateSerializer, Immutable, Alias("fs.Failure")]
public sealed record Failure(
    [property: Id(0)] FailureKind Kind,
    [property: Id(1)] string Message,
    [property: Id(2)] string? CurrentStatus = null,
    [property: Id(3)] IReadOnlyDictionary<string, string[]>? Errors = null,
    [property: Id(4)] long? CurrentVersion = null)
{
    public static Failure NotFound(string message) => new(FailureKind.NotFound, message);

    public static Failure Conflict(string message, string? currentStatus = null) => new(FailureKind.Conflict, message, currentStatus);

    public static Failure PreconditionFailed(string message, string currentStatus, long currentVersion) =>
        new(FailureKind.PreconditionFailed, message, currentStatus, CurrentVersion: currentVersion);

    public static Failure Invalid(string field, string problem) =>
        new(FailureKind.Invalid, $"{field}: {problem}", Errors: new Dictionary<string, string[]> { [field] = [problem] });

    public static Failure Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        new(FailureKind.Invalid, "One or more values are invalid: " + string.Join(", ", errors.Keys) + ".", Errors: errors);
}
