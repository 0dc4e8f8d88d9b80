using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FieldService.WorkOrders;

namespace FieldService.Grains.WorkOrders;

/// <summary>
/// Steps sent again under the idempotency key they were first applied with. A command with a key the order remembers
/// is a replay when the same caller sent the same command (it was applied already: answer with the order as it is,
/// change nothing), and a misuse of the key when anything differs (422, so a client bug cannot pass one step off as
/// another). A key the order does not remember is a new step. Only applied steps are remembered: a refused one
/// changed nothing, so sending it again is judged again.
/// </summary>
public static class WorkOrderIdempotency
{
    /// <summary>What <paramref name="command"/> is, given the keys the order remembers.</summary>
    public static IdempotencyVerdict Judge(IReadOnlyList<IdempotentStep> remembered, WorkOrderCommand command, Actor actor)
    {
        if (command.IdempotencyKey is not { } key)
        {
            return IdempotencyVerdict.New;
        }

        var earlier = remembered.FirstOrDefault(s => s.Key == key);
        if (earlier is null)
        {
            return IdempotencyVerdict.New;
        }

        return earlier.Fingerprint == Fingerprint(command, actor)
            ? IdempotencyVerdict.Replay
            : new IdempotencyVerdict(new Failure(FailureKind.Invalid,
                $"Idempotency-Key {key} was already used for another step of this order (version {earlier.Version}): a key names one step, make a new one for each.",
                Errors: new Dictionary<string, string[]> { ["Idempotency-Key"] = ["was already used for a different step"] }));
    }

    /// <summary>The step applied under its key (none: nothing to remember), to keep with the step's own write.</summary>
    public static IdempotentStep? StepOf(WorkOrderCommand command, Actor actor, long version) =>
        command.IdempotencyKey is { } key ? new IdempotentStep(key, Fingerprint(command, actor), version) : null;

    /// <summary>Adds <paramref name="step"/>, forgetting the oldest keys beyond <see cref="WorkOrderLimits.RememberedIdempotencyKeys"/>.</summary>
    public static void Remember(List<IdempotentStep> remembered, IdempotentStep step)
    {
        remembered.Add(step);
        if (remembered.Count > WorkOrderLimits.RememberedIdempotencyKeys)
        {
            remembered.RemoveRange(0, remembered.Count - WorkOrderLimits.RememberedIdempotencyKeys);
        }
    }

    /// <summary>Who sent which command with which contents, as a short hash: records compare lists by reference, so the
    /// command is compared by its JSON (the runtime type's members), without the key itself.</summary>
    internal static string Fingerprint(WorkOrderCommand command, Actor actor)
    {
        var json = JsonSerializer.Serialize(command with { IdempotencyKey = null }, command.GetType(), FieldServiceJson.Options);
        var text = $"{actor.Id.Length}:{actor.Id}|{command.GetType().Name}|{json}";
        return Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 18));
    }
}

/// <summary>A command judged against the remembered keys: new, a replay of an applied step, or refused.</summary>
public sealed record IdempotencyVerdict(Failure? Refusal = null, bool IsReplay = false)
{
    public static readonly IdempotencyVerdict New = new();

    public static readonly IdempotencyVerdict Replay = new(IsReplay: true);
}
