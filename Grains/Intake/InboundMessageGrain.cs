using FieldService.Attachments;
using FieldService.Grains.Common;
using FieldService.Intake;
using FieldService.WorkOrders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FieldService.Grains.Intake;

/// <summary>
/// One inbound message: decide once, keep the decision, carry it out with steps that are each idempotent (the order's
/// id is derived from the message, a follow-up carries the message's key, each file its own), then keep the outcome.
/// A crash anywhere in between is repaired by receiving the message again: the kept decision is carried out again and
/// every step already done answers as done.
/// </summary>
public sealed class InboundMessageGrain(
    [PersistentState("inbound-message", StorageNames.Records)] IPersistentState<InboundMessageState> stored,
    IOptions<IntakeOptions> options,
    ILogger<InboundMessageGrain> logger) : Grain, IInboundMessageGrain
{
    public async Task<Result<IntakeOutcome>> ReceiveAsync(InboundMessage message)
    {
        var key = this.GetPrimaryKeyString();
        if (IInboundMessageGrain.KeyOf(message.Channel, message.Source, message.MessageId) != key)
        {
            return Failure.Invalid("messageId", "does not name this message");
        }

        if (stored.State.Outcome is { } done)
        {
            return Result<IntakeOutcome>.Ok(done with { Replayed = true });
        }

        var actor = new Actor($"intake:{Kebab.Of(message.Channel)}", Actor.System.Role);
        var decision = stored.State.Decision ?? await DecideAsync(message, excluding: null);
        var order = await CarryOutAsync(decision, key, actor);
        if (order.Failure is { Kind: FailureKind.Conflict } && decision.Kind == IntakeOutcomeKind.FollowUp)
        {
            // The open order it was to join closed in between: decided again, the message now makes an order of its own.
            decision = await DecideAsync(message, excluding: decision.WorkOrderId);
            order = await CarryOutAsync(decision, key, actor);
        }

        if (order.Failure is { } failure)
        {
            logger.LogWarning("Inbound {Channel} message {Key} not taken in: {Problem}", Kebab.Of(message.Channel), key, failure.Message);
            return failure;
        }

        var (kept, refused) = await KeepFilesAsync(decision.WorkOrderId, key, message.Attachments);
        stored.State.Outcome = new IntakeOutcome(decision.WorkOrderId, decision.Kind, false, kept, refused);
        await stored.WriteStateAsync();
        logger.LogInformation("Inbound {Channel} message {Key}: {Kind} {WorkOrderId}, {Kept} files kept, {Refused} refused",
            Kebab.Of(message.Channel), key, Kebab.Of(decision.Kind), decision.WorkOrderId, kept, refused);
        return Result<IntakeOutcome>.Ok(stored.State.Outcome);
    }

    private async Task<IntakeDecision> DecideAsync(InboundMessage message, string? excluding)
    {
        var senders = message.Unreadable is null
            ? await GrainFactory.GetGrain<IWorkOrderDirectoryGrain>(0).OrdersOfSenderAsync(message.SenderEmail, message.SenderPhone)
            : [];
        var decision = IntakeRules.Decide(message, senders.Where(o => o.Id != excluding).ToList(), options.Value);
        stored.State.Decision = decision;
        await stored.WriteStateAsync();
        return decision;
    }

    private Task<Result<WorkOrder>> CarryOutAsync(IntakeDecision decision, string key, Actor actor)
    {
        var order = GrainFactory.GetGrain<IWorkOrderGrain>(decision.WorkOrderId);
        return decision.Report is { } report
            ? order.ReportAsync(report, actor)
            : order.ExecuteAsync(new AddCustomerMessage(decision.Message) { IdempotencyKey = $"inbound:{key}" }, actor);
    }

    /// <summary>Keeps each file under a key of its own (a retry stores none twice); one over the caps is counted, not fatal.</summary>
    private async Task<(int Kept, int Refused)> KeepFilesAsync(string workOrderId, string key, IReadOnlyList<InboundAttachment> files)
    {
        var (kept, refused) = (0, 0);
        var attachments = GrainFactory.GetGrain<IWorkOrderAttachmentsGrain>(workOrderId);
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            var result = await attachments.AddAsync(
                new AttachmentUpload(AttachmentKind.Message, file.ContentType, file.Content, file.FileName, $"inbound:{key}/{i}"), Actor.System);
            if (result.Failure is { } failure)
            {
                refused++;
                logger.LogInformation("A file of inbound message {Key} was not kept: {Problem}", key, failure.Message);
            }
            else
            {
                kept++;
            }
        }

        return (kept, refused);
    }
}
