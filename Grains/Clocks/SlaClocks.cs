using FieldService.Clocks;
using FieldService.Grains.WorkOrders.Phases;
using FieldService.WorkOrders;

namespace FieldService.Grains.Clocks;

/// <summary>
/// The clocks of a work order: which one the report starts, what a step does to them (each command's rule says, in
/// its phase), and which are due. Pure: the work order grain persists the result, and its reminder only asks
/// <see cref="Due"/> what has run out. What each clock is, is <see cref="ClockCatalog"/>'s.
/// </summary>
public static class SlaClocks
{
    public static string ClauseOf(ClockKind kind) => ClockCatalog.Of(kind).Clause;

    /// <summary>P2: the dispatch clock starts at the report.</summary>
    public static IReadOnlyList<SlaClock> AtReport(WorkOrder order, SlaTerms terms)
    {
        var book = new ClockBook([], terms, order.ReportedAt);
        book.Start(ClockKind.Dispatch);
        return book.ToArray();
    }

    /// <summary>The clocks after a step: the command's rule starts, meets, stops or moves them.</summary>
    public static IReadOnlyList<SlaClock> AfterStep(WorkOrder before, WorkOrder after, WorkOrderCommand command, SlaTerms terms, DateTimeOffset now)
    {
        var book = new ClockBook(before.Clocks, terms, now);
        CommandRules.For(command).Clocks(book, after, command);
        return book.ToArray();
    }

    /// <summary>Running clocks whose deadline has passed, earliest first.</summary>
    public static IReadOnlyList<SlaClock> Due(IEnumerable<SlaClock> clocks, DateTimeOffset now) =>
        clocks.Where(c => c.IsRunning && c.DueAt <= now).OrderBy(c => c.DueAt).ToArray();

    /// <summary>When the next running clock runs out, or null when none runs.</summary>
    public static DateTimeOffset? NextDue(IEnumerable<SlaClock> clocks) =>
        clocks.Where(c => c.IsRunning).Select(c => (DateTimeOffset?)c.DueAt).Min();
}
