using System.Text.Json;
using Orleans.Storage;

namespace FieldService.Grains.Common;

/// <summary>
/// A grain's persistent state that keeps nothing of a change whose write failed. Grains change their state in memory
/// and then write it; when the write throws (storage down, a conflict, a timeout) the in-memory state would otherwise
/// hold a change that was never stored, be believed by every later call and be lost at the next activation. So the
/// last stored state is kept as a snapshot in the platform's JSON spelling (the same one storage writes), put back
/// when a write fails. The version the activation holds is unchanged by a failed write, so the next write either
/// succeeds or — when the failed one had landed after all — is refused as inconsistent, and then the activation is
/// discarded so the next call reloads whatever storage really holds. (Discarding it on every failure would make
/// each call during a database outage try, and fail, to activate the grain again.)
/// </summary>
/// <remarks>The snapshot is taken on first use within an activation, before any caller can have changed the state,
/// and again after every successful write: one extra serialization per write.</remarks>
public sealed class GuardedState<T>
    where T : class, new()
{
    private readonly IPersistentState<T> inner;
    private byte[]? stored;

    public GuardedState(IPersistentState<T> inner)
    {
        this.inner = inner;
    }

    /// <summary>The state as this activation sees it; change it, then <see cref="WriteStateAsync"/>.</summary>
    public T State
    {
        get
        {
            stored ??= Snapshot(inner.State);
            return inner.State;
        }
    }

    public bool RecordExists => inner.RecordExists;

    /// <summary>Writes the state; on failure restores the last stored state and rethrows (discarding
    /// <paramref name="owner"/>'s activation once idle when storage holds another version).</summary>
    public async Task WriteStateAsync(IGrainBase owner)
    {
        stored ??= Snapshot(inner.State);
        try
        {
            await inner.WriteStateAsync();
        }
        catch (Exception exception)
        {
            inner.State = Restore(stored);
            if (IsInconsistent(exception))
            {
                // Storage holds another version than this activation read (an earlier write timed out but landed):
                // only a fresh activation knows what it is.
                owner.DeactivateOnIdle();
            }

            throw;
        }

        stored = Snapshot(inner.State);
    }

    /// <summary>Puts back the last stored state: for a step that failed after changing the state but before its
    /// write (a reminder that could not be registered first).</summary>
    public void Rollback()
    {
        if (stored is not null)
        {
            inner.State = Restore(stored);
        }
    }

    private static bool IsInconsistent(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is InconsistentStateException)
            {
                return true;
            }
        }

        return false;
    }

    private static byte[] Snapshot(T value) => JsonSerializer.SerializeToUtf8Bytes(value, FieldServiceJson.Options);

    private static T Restore(byte[] snapshot) => JsonSerializer.Deserialize<T>(snapshot, FieldServiceJson.Options) ?? new T();
}
