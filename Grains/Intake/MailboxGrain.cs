using FieldService.Intake;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FieldService.Grains.Intake;

/// <summary>
/// Reads the intake mailbox on a reminder: every message without the processed keyword is received by its inbound
/// message grain (which makes or joins its order, durably) and only then marked. A crash between the two leaves the
/// message unmarked; the next reading receives it again, and its grain answers with the order it already made.
/// One grain per mailbox, so one silo reads it at a time; its turn is not reentrant, so readings never overlap.
/// </summary>
public sealed class MailboxGrain(IMailbox mailbox, IOptions<MailIntakeOptions> options, ILogger<MailboxGrain> logger)
    : Grain, IMailboxGrain, IRemindable
{
    private const string ReminderName = "poll";

    public async Task StartAsync()
    {
        if (options.Value.Enabled)
        {
            await this.RegisterOrUpdateReminder(ReminderName, options.Value.PollInterval, options.Value.PollInterval);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == ReminderName)
        {
            await PollAsync();
        }
    }

    public async Task<MailboxPoll> PollAsync()
    {
        if (!options.Value.Enabled)
        {
            return new MailboxPoll([], "No intake mailbox is configured (Intake:Mail:Host).");
        }

        var outcomes = new List<IntakeOutcome>();
        using var timeout = new CancellationTokenSource(options.Value.Timeout * 4);
        try
        {
            await using var session = await mailbox.OpenAsync(timeout.Token);
            foreach (var id in await session.UnprocessedAsync(timeout.Token))
            {
                var message = await session.ReadAsync(id, timeout.Token);
                var grain = GrainFactory.GetGrain<IInboundMessageGrain>(IInboundMessageGrain.KeyOf(message.Channel, message.Source, message.MessageId));
                var received = await grain.ReceiveAsync(message);
                if (received.Failure is { } failure)
                {
                    // Left unmarked: read again on the next tick.
                    logger.LogWarning("Mail {Uid} of the intake mailbox left for the next reading: {Problem}", id, failure.Message);
                    continue;
                }

                await session.MarkProcessedAsync(id, timeout.Token);
                outcomes.Add(received.Value!);
            }

            return new MailboxPoll(outcomes);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // A mailbox that cannot be reached now is read again on the next tick; what was marked stays marked.
            logger.LogWarning(error, "The intake mailbox ({Mailbox}) could not be read to the end", options.Value.ToString());
            return new MailboxPoll(outcomes, error.Message);
        }
    }
}
