using Microsoft.AspNetCore.Http.HttpResults;

namespace FieldService.WebHost.Apis;

/// <summary>A command's JSON body: every member nullable (a missing value is a named field, 422, not a malformed
/// body), turned into the grain's command record or into the fields that are wrong.</summary>
/// <typeparam name="TCommand">The command family of the grain it goes to (work order, complaint, parts bin).</typeparam>
public interface ICommandRequest<TCommand>
{
    /// <summary>The command for the route it was posted to (one body may serve several routes).</summary>
    Result<TCommand> ToCommand(string route);
}

/// <summary>
/// The one way a route's body becomes a grain command: a missing body is 400, a body that does not make a valid
/// command is 422 naming each field, and only then is the grain asked, with the caller as the actor; its refusal
/// becomes a problem (404, 409 with the current state, 412, 422; an outage is 503 further out, in
/// <c>OutageHandling</c>). The resource supplies only the call and how its success reads.
/// </summary>
public static class CommandRequests
{
    public static async Task<Results<Ok<TView>, ProblemHttpResult>> SendAsync<TCommand, TView>(
        ICommandRequest<TCommand>? body,
        string route,
        HttpContext http,
        Func<TCommand, Actor, Task<Results<Ok<TView>, ProblemHttpResult>>> send)
    {
        if (body is null)
        {
            return Problems.MissingBody();
        }

        var command = body.ToCommand(route);
        return command.Failure is { } invalid ? Problems.From(invalid) : await send(command.Value!, Actors.Of(http));
    }

    /// <summary>The common case: the grain's own answer is the response.</summary>
    public static async Task<Results<Ok<T>, ProblemHttpResult>> OkOrProblemAsync<T>(Task<Result<T>> call) => Problems.OkOr(await call);
}
