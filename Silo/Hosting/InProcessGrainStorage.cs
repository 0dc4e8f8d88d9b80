using System.Collections.Concurrent;
using System.Globalization;
using Orleans.Storage;

namespace FieldService.Silo.Hosting;

/// <summary>
/// The embedded mode's grain storage: one process, so a dictionary in this process — not Orleans' memory storage,
/// whose records live in storage grains. Those grains are deactivated with all others when the silo stops, and a
/// grain still finishing a turn then (a notice being sent, a reminder tick) wrote into a grain that could no longer be
/// placed: placement retried until the host's stop timed out after 30 s. A dictionary needs no activation, so a
/// stopping silo still takes the last writes. State is kept as the same JSON bytes PostgreSQL holds, so the embedded
/// mode reads back exactly what the durable one would (and never shares an object with a grain).
/// </summary>
public sealed class InProcessGrainStorage(string name, IGrainStorageSerializer serializer) : IGrainStorage
{
    private readonly ConcurrentDictionary<(string State, GrainId Grain), Stored> records = new();
    private long lastTag;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (records.TryGetValue((stateName, grainId), out var stored))
        {
            grainState.State = serializer.Deserialize<T>(stored.Payload);
            (grainState.ETag, grainState.RecordExists) = (stored.ETag, true);
        }
        else
        {
            (grainState.ETag, grainState.RecordExists) = (null, false);
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var tag = NextTag();
        var payload = serializer.Serialize(grainState.State);
        records.AddOrUpdate(
            (stateName, grainId),
            _ => grainState.ETag is null ? new Stored(payload, tag) : throw Inconsistent(grainState.ETag, null, grainId),
            (_, current) => current.ETag == grainState.ETag ? new Stored(payload, tag) : throw Inconsistent(grainState.ETag, current.ETag, grainId));
        (grainState.ETag, grainState.RecordExists) = (tag, true);
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (records.TryGetValue((stateName, grainId), out var current))
        {
            if (current.ETag != grainState.ETag || !records.TryRemove(KeyValuePair.Create((stateName, grainId), current)))
            {
                throw Inconsistent(grainState.ETag, current.ETag, grainId);
            }
        }

        (grainState.ETag, grainState.RecordExists) = (null, false);
        return Task.CompletedTask;
    }

    private string NextTag() => Interlocked.Increment(ref lastTag).ToString(CultureInfo.InvariantCulture);

    private InconsistentStateException Inconsistent(string? held, string? stored, GrainId grainId) =>
        new($"Storage {name}: {grainId} was written by someone else (held ETag {held ?? "none"}, stored {stored ?? "none"}).",
            stored ?? string.Empty, held ?? string.Empty);

    private sealed record Stored(BinaryData Payload, string ETag);
}
