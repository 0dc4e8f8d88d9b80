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

/// <summary>Where a command request is posted: its route under the resource, the summary the API document shows, and
/// whether it has a body (a step like accept has nothing to say beyond itself). The resource maps every request
/// record that carries one, so a new command is its record here and nothing in the resource's mapping.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class CommandRouteAttribute(string name, string summary) : Attribute
{
    public string Name { get; } = name;

    public string Summary { get; } = summary;

    public bool Body { get; init; } = true;
}

public static class CommandRoutes
{
    /// <summary>The request records of one command family in <paramref name="assembly"/>, with their routes, in the order they are declared (the API document lists them so).</summary>
    public static IReadOnlyList<(Type Type, CommandRouteAttribute Route)> Of<TCommand>(System.Reflection.Assembly assembly) =>
        assembly.GetTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false } && typeof(ICommandRequest<TCommand>).IsAssignableFrom(type))
            .Select(type => (Type: type, Route: type.GetCustomAttributes(typeof(CommandRouteAttribute), false).OfType<CommandRouteAttribute>().SingleOrDefault()))
            .Where(found => found.Route is not null)
            .Select(found => (found.Type, found.Route!))
            .OrderBy(found => found.Type.MetadataToken)
            .ToArray();
}
