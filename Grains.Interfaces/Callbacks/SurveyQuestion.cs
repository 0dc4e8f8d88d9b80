namespace FieldService.Callbacks;

/// <summary>One fixed question of the P9 callback survey.</summary>
/// <param name="Id">Stable kebab-case key an answer is recorded under.</param>
/// <param name="Answer"><c>yes-no</c> or <c>scale-1-5</c>.</param>
[GenerateSerializer, Immutable, Alias("fs.SurveyQuestion")]
public sealed record SurveyQuestion([property: Id(0)] string Id, [property: Id(1)] string Text, [property: Id(2)] string Answer);
