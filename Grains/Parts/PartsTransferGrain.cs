using FieldService.Grains.Common;
using FieldService.Parts;
using Microsoft.Extensions.Logging;

namespace FieldService.Grains.Parts;

[GenerateSerializer, Alias("fs.PartsTransferState")]
public sealed class PartsTransferState
{
    [Id(0)] public PartsTransfer? Transfer { get; set; }
    [Id(1)] public string? ActorId { get; set; }
    [Id(2)] public string? ActorRole { get; set; }
}

/// <summary>
/// A transfer between two bins as a saga of repeatable steps (send, receive, complete), its progress persisted after
/// each; a reminder resumes it every minute until it is done, so a step that failed or a silo that died leaves the
/// units in transit at the source — counted, visible — never lost and never received twice.
/// </summary>
public sealed class PartsTransferGrain(
    [PersistentState("partsTransfer", StorageNames.Records)] IPersistentState<PartsTransferState> stored,
    IFaultInjection faults,
    TimeProvider time,
    ILogger<PartsTransferGrain> logger) : Grain, IPartsTransferGrain, IRemindable
{
    private readonly GuardedState<PartsTransferState> state = new(stored);

    private const string RetryReminder = "transfer-retry";
    public const string Requested = "requested";
    public const string Sent = "sent";
    public const string Received = "received";
    public const string Done = "done";
    public const string Refused = "refused";

    private string Id => this.GetPrimaryKeyString();

    public async Task<Result<PartsTransfer>> StartAsync(string sku, string from, string to, int quantity, Actor actor)
    {
        if (state.State.Transfer is { } existing)
        {
            return existing is { Step: Refused } ? Failure.Conflict(existing.LastError ?? "refused", Refused) : Result<PartsTransfer>.Ok(existing);
        }

        var v = new Validation().Identifier("sku", sku).Identifier("from", from).Identifier("to", to).Range("quantity", quantity, 1, PartsBinRules.MaxQuantity);
        if (from == to)
        {
            v.Add("to", "must be another location than from");
        }

        if (v.ToFailure() is { } invalid)
        {
            return invalid;
        }

        state.State.Transfer = new PartsTransfer(Id, sku, from, to, quantity, Requested, time.GetUtcNow(), actor.Id, null);
        (state.State.ActorId, state.State.ActorRole) = (actor.Id, actor.Role);
        await state.WriteStateAsync(this);
        await this.RegisterOrUpdateReminder(RetryReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        var transfer = await RunAsync();
        return transfer.Step == Refused ? Failure.Conflict(transfer.LastError!, Refused) : Result<PartsTransfer>.Ok(transfer);
    }

    public Task<PartsTransfer?> GetAsync() => Task.FromResult(state.State.Transfer);

    public async Task<PartsTransfer?> ResumeAsync() => state.State.Transfer is null ? null : await RunAsync();

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.State.Transfer is null || (await RunAsync()).Step is Done or Refused)
        {
            if (await this.GetReminder(RetryReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
    }

    /// <summary>Runs the steps still to do, persisting after each; a failure is recorded and left to the reminder.</summary>
    private async Task<PartsTransfer> RunAsync()
    {
        var transfer = state.State.Transfer!;
        var actor = new Actor(state.State.ActorId!, state.State.ActorRole!);
        var source = GrainFactory.GetGrain<IPartsBinGrain>(PartsBins.Key(transfer.From, transfer.Sku));
        var target = GrainFactory.GetGrain<IPartsBinGrain>(PartsBins.Key(transfer.To, transfer.Sku));
        try
        {
            while (transfer.Step is not (Done or Refused))
            {
                faults.Before($"transfer-{transfer.Step}", Id);
                var (result, next) = transfer.Step switch
                {
                    Requested => (await source.ExecuteAsync(new SendTransfer(Id, transfer.To, transfer.Quantity), actor), Sent),
                    Sent => (await target.ExecuteAsync(new ReceiveTransfer(Id, transfer.From, transfer.Quantity), actor), Received),
                    _ => (await source.ExecuteAsync(new CompleteTransfer(Id), actor), Done),
                };
                transfer = result.Failure is { } failure
                    ? transfer with { Step = transfer.Step == Requested ? Refused : transfer.Step, LastError = failure.Message }
                    : transfer with { Step = next, LastError = null };
                state.State.Transfer = transfer;
                await state.WriteStateAsync(this);
                if (result.Failure is not null)
                {
                    break; // refused at the source (nothing moved), or to be retried by the reminder
                }
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "Transfer {TransferId} stopped at step {Step}; the reminder resumes it", Id, transfer.Step);
            state.State.Transfer = transfer with { LastError = exception.Message };
            await state.WriteStateAsync(this);
        }

        return state.State.Transfer!;
    }
}
