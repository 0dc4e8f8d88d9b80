namespace FieldService.Complaints;

/// <summary>A complaint as one caller reads it, with the steps (<c>investigation</c>, <c>resolution</c>,
/// <c>feedback</c>) the lifecycle lets that caller take next, so pages offer those and keep no copy of the rules.</summary>
[GenerateSerializer, Immutable, Alias("fs.ComplaintRead")]
public sealed record ComplaintRead([property: Id(0)] Complaint Complaint, [property: Id(1)] IReadOnlyList<string> AllowedSteps);
