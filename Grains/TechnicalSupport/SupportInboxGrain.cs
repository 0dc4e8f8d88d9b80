using FieldService.Boards;
using FieldService.Grains.Common;
using FieldService.TechnicalSupport;

namespace FieldService.Grains.TechnicalSupport;

/// <summary>What the support inbox persists: the open requests in the order they were asked, and the latest answered.</summary>
[GenerateSerializer, Alias("fs.SupportInboxState")]
public sealed class SupportInboxState
{
    [Id(0)] public List<SupportCase> Open { get; set; } = [];

    /// <summary>Oldest answer first; trimmed to <see cref="SupportInbox.MaxAnsweredKept"/>.</summary>
    [Id(1)] public List<SupportCase> Answered { get; set; } = [];
}

/// <summary>TS1: technical support's inbox across orders (see <see cref="ISupportInboxGrain"/>).</summary>
public sealed class SupportInboxGrain(
    [PersistentState("support-inbox", StorageNames.Records)] IPersistentState<SupportInboxState> stored,
    TimeProvider time) : Grain, ISupportInboxGrain
{
    private readonly GuardedState<SupportInboxState> state = new(stored);

    public async Task RecordAsync(SupportCase supportCase)
    {
        var inbox = state.State;
        bool Same(SupportCase c) => c.WorkOrderId == supportCase.WorkOrderId && c.Number == supportCase.Number;
        var open = inbox.Open.FindIndex(c => Same(c));
        var answered = inbox.Answered.FindIndex(c => Same(c));
        if (answered >= 0 || (open >= 0 && supportCase.IsOpen && inbox.Open[open] == supportCase))
        {
            // An answer is final, and an open copy that changed nothing is a repeat of a follow-up already done.
            return;
        }

        if (open >= 0)
        {
            inbox.Open.RemoveAt(open);
        }

        if (supportCase.IsOpen)
        {
            // Longest waiting first; a request asked out of order (a follow-up retried late) goes to its place.
            var at = inbox.Open.FindIndex(c => c.AskedAt > supportCase.AskedAt);
            inbox.Open.Insert(at < 0 ? inbox.Open.Count : at, supportCase);
        }
        else
        {
            inbox.Answered.Add(supportCase);
            if (inbox.Answered.Count > SupportInbox.MaxAnsweredKept)
            {
                inbox.Answered.RemoveRange(0, inbox.Answered.Count - SupportInbox.MaxAnsweredKept);
            }
        }

        await state.WriteStateAsync(this);
        _ = GrainFactory.GetGrain<IBoardGrain>(BoardStreams.Support)
            .PublishAsync(new BoardChange(BoardChange.SupportKind, time.GetUtcNow(), Support: supportCase));
    }

    public Task<IReadOnlyList<SupportCase>> ListAsync(bool openOnly) => Task.FromResult<IReadOnlyList<SupportCase>>(openOnly
        ? state.State.Open.ToArray()
        : [.. state.State.Open, .. Enumerable.Reverse(state.State.Answered)]);
}
