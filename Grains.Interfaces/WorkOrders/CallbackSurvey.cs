namespace FieldService.WorkOrders;

/// <summary>P9: what the customer said when called back.</summary>
[GenerateSerializer, Immutable, Alias("fs.CallbackSurvey")]
public sealed record CallbackSurvey(
    [property: Id(0)] int Satisfaction,
    [property: Id(1)] string? Comments,
    [property: Id(2)] string? Complaint,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] string By);
