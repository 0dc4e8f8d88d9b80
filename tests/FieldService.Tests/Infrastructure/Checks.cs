using FieldService.Grains.WorkOrders;
using FieldService.Quality;
using FieldService.WorkOrders;

namespace FieldService.Tests.Infrastructure;

/// <summary>Q3 in the tests: checklists answered against the built-in general standard (the one that applies to the
/// test products' categories), and the inspection that a sampled completion waits for.</summary>
public static class Checks
{
    public static readonly Actor Inspector = new("inspector-1", Roles.Inspector);

    public static IReadOnlyList<CheckResult> AllPassed(Standard? standard = null) =>
        (standard ?? Standards.BuiltInGeneral).Items.Select(i => new CheckResult(i.Id, true)).ToArray();

    public static Complete Complete(string? notes = null) => new(AllPassed(), notes);

    public static RecordInspection Pass(string? notes = null) => new(AllPassed(), notes);

    /// <summary>A failing inspection: the first item of the general standard failed.</summary>
    public static RecordInspection Fail(string notes) =>
        new([.. AllPassed().Select((r, i) => i == 0 ? r with { Passed = false, Note = notes } : r)], notes);

    /// <summary>The JSON body of a completion with every general item passed.</summary>
    public static object CompleteBody(string? notes = null) =>
        new { checklist = AllPassed().Select(r => new { itemId = r.ItemId, passed = true }).ToArray(), notes };

    /// <summary>The JSON body of an inspection with every general item passed.</summary>
    public static object PassBody(string? notes = null) =>
        new { results = AllPassed().Select(r => new { itemId = r.ItemId, passed = true }).ToArray(), notes };

    /// <summary>The JSON body of an inspection whose first general item failed, naming what to rework (Q4).</summary>
    public static object FailBody(string notes) =>
        new { results = AllPassed().Select((r, i) => new { itemId = r.ItemId, passed = i > 0 }).ToArray(), notes };

    /// <summary>For the pure lifecycle: the general standard, and whether the completion is to be inspected.</summary>
    public static QualityContext? ContextFor(WorkOrderCommand command, DateTimeOffset now, bool inspect = false) => command is WorkOrders.Complete or RecordInspection
        ? new QualityContext(Standards.BuiltInGeneral,
            new InspectionRequirement(inspect ? InspectionReason.Sampled : InspectionReason.NotSampled, "chosen by the test", now))
        : null;

    /// <summary>Passes the inspection every completion waits for (sampling is pinned to <c>Always</c> in the test
    /// clusters), so a walk goes on to the customer's signature.</summary>
    public static async Task HandOverAsync(IWorkOrderGrain order)
    {
        Assert.Equal(WorkOrderStatus.AwaitingInspection, (await order.GetAsync())?.Status);
        var passed = await order.ExecuteAsync(Pass(), Inspector);
        Assert.True(passed.Succeeded, passed.Failure?.Message);
    }
}
