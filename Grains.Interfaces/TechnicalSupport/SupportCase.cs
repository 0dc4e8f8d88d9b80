using FieldService.WorkOrders;

namespace FieldService.TechnicalSupport;

/// <summary>
/// TS1: one support request as technical support's inbox shows it — the question, the order it came from (its product
/// and region, never the customer's contact), and the answer once given. A copy the order sends the inbox with each
/// change of the request; the order's own <see cref="SupportRequest"/> stays the record.
/// </summary>
[GenerateSerializer, Immutable, Alias("fs.SupportCase")]
public sealed record SupportCase(
    [property: Id(0)] string WorkOrderId,
    [property: Id(1)] int Number,
    [property: Id(2)] string Question,
    [property: Id(3)] DateTimeOffset AskedAt,
    [property: Id(4)] string AskedBy,
    [property: Id(5)] string? TechnicianId,
    [property: Id(6)] string Region,
    [property: Id(7)] string ProductModel,
    [property: Id(8)] string ProductCategory,
    [property: Id(9)] string? Answer = null,
    [property: Id(10)] DateTimeOffset? AnsweredAt = null,
    [property: Id(11)] string? AnsweredBy = null)
{
    public bool IsOpen => Answer is null;

    /// <summary>How long the technician waited for the answer (null while open).</summary>
    public TimeSpan? TimeTaken => AnsweredAt - AskedAt;

    /// <summary>The case of request <paramref name="request"/> of <paramref name="order"/> as it stands.</summary>
    public static SupportCase Of(WorkOrder order, SupportRequest request) => new(
        order.Id, request.Number, request.Question, request.AskedAt, request.AskedBy, order.TechnicianId, order.Region,
        order.Product.Model, order.Product.Category, request.Answer, request.AnsweredAt, request.AnsweredBy);
}
