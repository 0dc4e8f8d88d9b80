namespace FieldService.WorkOrders;

/// <summary>CS1: a message the customer wrote about the order by mail or chat (the first one reported it). It names no
/// address: who wrote is the order's customer (H3).</summary>
/// <param name="MessageId">The channel's id of the message (a mail's Message-ID).</param>
/// <param name="Readable">False when the channel's reader could not make sense of it: its text is as it came.</param>
[GenerateSerializer, Immutable, Alias("fs.ThreadMessage")]
public sealed record ThreadMessage(
    [property: Id(0)] Channel Channel,
    [property: Id(1)] string MessageId,
    [property: Id(2)] string? Subject,
    [property: Id(3)] string Text,
    [property: Id(4)] DateTimeOffset ReceivedAt,
    [property: Id(5)] bool Readable = true);
