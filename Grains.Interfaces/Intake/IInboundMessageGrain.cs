using System.Security.Cryptography;
using System.Text;
using FieldService.WorkOrders;

namespace FieldService.Intake;

/// <summary>CS1: one inbound message (keyed by <see cref="KeyOf"/>: channel, source and the channel's message id). It
/// decides once what the message becomes (a new order, a follow-up on the sender's open order, an unreadable one for
/// triage), keeps that decision, and carries it out idempotently, so the same message received again — a mailbox read
/// again after a crash, a chat platform's retry — makes nothing new and answers as the first time.</summary>
[Alias("fs.IInboundMessageGrain")]
public interface IInboundMessageGrain : IGrainWithStringKey
{
    /// <summary>Makes or joins the order; durable when it answers. Refused (invalid) when the message's key is not
    /// this grain's.</summary>
    Task<Result<IntakeOutcome>> ReceiveAsync(InboundMessage message);

    /// <summary>The grain of a message: the same channel, source and message id always name the same grain.</summary>
    public static string KeyOf(Channel channel, string source, string messageId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"fieldservice/inbound/{Kebab.Of(channel)}/{source.Length}:{source}/{messageId}"));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }
}
