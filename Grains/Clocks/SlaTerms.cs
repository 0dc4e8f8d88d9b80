using FieldService.WorkOrders;

namespace FieldService.Grains.Clocks;

/// <summary>The deadlines that apply to one order (its priority and its customer's contract), and the calendar they
/// are counted on.</summary>
public sealed record SlaTerms(
    TimeSpan DispatchWithin,
    TimeSpan AcceptWithin,
    TimeSpan EmergencyContactWithin,
    TimeSpan EmergencyArrivalWithin,
    TimeSpan CallbackWithin,
    BusinessCalendar? Calendar,
    TimeSpan ReworkWithin)
{
    /// <summary>The regulation's defaults, 24×7.</summary>
    public static SlaTerms Default(Priority priority) => For(new SlaOptions(), priority, customerId: null);

    public static SlaTerms For(SlaOptions options, Priority priority, string? customerId)
    {
        var key = priority.ToString();
        var contract = customerId is not null && options.Contracts.TryGetValue(customerId, out var c) ? c : null;
        SlaTermsOptions? Pick(Dictionary<string, SlaTermsOptions> terms) => terms.TryGetValue(key, out var t) ? t : null;
        var own = contract is null ? null : Pick(contract.Priorities);
        var general = Pick(options.Priorities);
        TimeSpan Value(Func<SlaTermsOptions, TimeSpan?> read, TimeSpan fallback) =>
            (own is null ? null : read(own)) ?? (general is null ? null : read(general)) ?? fallback;

        return new SlaTerms(
            Value(t => t.DispatchWithin, priority == Priority.Emergency ? SlaOptions.DefaultEmergencyDispatch : SlaOptions.DefaultDispatch),
            Value(t => t.AcceptWithin, SlaOptions.DefaultAccept),
            Value(t => t.EmergencyContactWithin, SlaOptions.DefaultEmergencyContact),
            Value(t => t.EmergencyArrivalWithin, SlaOptions.DefaultEmergencyArrival),
            Value(t => t.CallbackWithin, SlaOptions.DefaultCallback),
            contract?.BusinessHours is { } hours ? new BusinessCalendar(hours) : null,
            Value(t => t.ReworkWithin, SlaOptions.DefaultRework));
    }

    public DateTimeOffset Due(DateTimeOffset start, TimeSpan within) => Calendar?.Add(start, within) ?? start + within;
}
