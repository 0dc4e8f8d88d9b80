namespace FieldService.Callbacks;

/// <summary>
/// P9/CS4: what customer service asks on the callback, beyond overall satisfaction (1–5), comments and a complaint.
/// Deliberately fixed and versionless: the ids are the contract, so a question may be reworded but never reused for
/// another meaning; a new question gets a new id.
/// </summary>
public static class CallbackSurveyQuestions
{
    public const string YesNo = "yes-no";
    public const string Scale = "scale-1-5";

    public static SurveyQuestion ArrivedOnTime { get; } = new("arrived-on-time", "Did the technician arrive at the agreed time?", YesNo);

    public static SurveyQuestion ProblemSolved { get; } = new("problem-solved", "Is the problem solved?", YesNo);

    public static SurveyQuestion SiteLeftClean { get; } = new("site-left-clean", "Was the site left clean and tidy?", YesNo);

    public static SurveyQuestion ExplainedWork { get; } = new("explained-work", "Did the technician explain what was done and what to watch for?", YesNo);

    public static SurveyQuestion WouldRecommend { get; } = new("would-recommend", "How likely are you to recommend our service (1–5)?", Scale);

    /// <summary>In the order they are asked.</summary>
    public static IReadOnlyList<SurveyQuestion> All { get; } = [ArrivedOnTime, ProblemSolved, SiteLeftClean, ExplainedWork, WouldRecommend];
}
