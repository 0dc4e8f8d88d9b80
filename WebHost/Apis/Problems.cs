using Microsoft.AspNetCore.Http.HttpResults;

namespace FieldService.WebHost.Apis;

/// <summary>Maps refusals to RFC 9457 problem details: 404 unknown, 409 illegal step (with the current state),
/// 412 a stale If-Match (with the current version and state), 422 invalid values (each bad field named), 400 malformed
/// requests.</summary>
public static class Problems
{
    public static ProblemHttpResult From(Failure failure) => failure.Kind switch
    {
        FailureKind.NotFound => TypedResults.Problem(failure.Message, statusCode: StatusCodes.Status404NotFound, title: "Not found"),
        FailureKind.Conflict => TypedResults.Problem(
            failure.Message,
            statusCode: StatusCodes.Status409Conflict,
            title: "Not allowed in the current state",
            extensions: failure.CurrentStatus is null ? null : new Dictionary<string, object?> { ["currentStatus"] = failure.CurrentStatus }),
        FailureKind.PreconditionFailed => TypedResults.Problem(
            failure.Message,
            statusCode: StatusCodes.Status412PreconditionFailed,
            title: "Precondition failed: changed since it was read",
            extensions: new Dictionary<string, object?> { ["currentVersion"] = failure.CurrentVersion, ["currentStatus"] = failure.CurrentStatus }),
        FailureKind.TooLarge => TypedResults.Problem(failure.Message, statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request too large"),
        _ => TypedResults.Problem(
            failure.Message,
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "One or more values are invalid",
            extensions: new Dictionary<string, object?> { ["errors"] = failure.Errors ?? new Dictionary<string, string[]>() }),
    };

    public static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Malformed request");

    /// <summary>The caller's role may call the endpoint, but not on this object.</summary>
    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");

    public static ProblemHttpResult MissingBody() => BadRequest("A JSON request body is required.");

    /// <summary>A success or a problem, for handlers that return one or the other.</summary>
    public static Results<Ok<T>, ProblemHttpResult> OkOr<T>(Result<T> result) =>
        result.Failure is { } failure ? From(failure) : TypedResults.Ok(result.Value!);
}
