namespace FieldService.WorkOrders;

/// <summary>P9: what the customer said when called back.</summary>
[GenerateSerializer, Immutable, Alias("fs.CallbackSurvey")]
public sealed record CallbackSurvey(
    [property: Id(0)] int Satisfaction,
    [property: Id(1)] string? Comments,
    [property: Id(2)] string? Complaint,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] string By,
    [property: Id(5)] IReadOnlyList<SurveyAnswer>? Answers = null);

/// <summary>P9: the customer's answer to one question of the callback survey (<c>FieldService.Callbacks.CallbackSurveyQuestions</c>):
/// <c>yes</c>/<c>no</c>, or 1–5.</summary>
[GenerateSerializer, Immutable, Alias("fs.SurveyAnswer")]
public sealed record SurveyAnswer([property: Id(0)] string QuestionId, [property: Id(1)] string Answer);
