using FieldService.TechnicalSupport;
using FieldService.Tests.Infrastructure;

namespace FieldService.Tests.Grains;

/// <summary>TS1: the support inbox's own rules, on a cluster of its own (the inbox is one grain for the company, and
/// these tests deactivate it).</summary>
public sealed class SupportInboxTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static SupportCase Asked(string order, int number, int minute) =>
        new(order, number, $"question {number}", ClusterFixture.Start.AddMinutes(minute), "t-1", "t-1", "north", "AC-9000", "hvac");

    private static SupportCase Answered(SupportCase asked, int minute) =>
        asked with { Answer = "do this", AnsweredAt = ClusterFixture.Start.AddMinutes(minute), AnsweredBy = "support-1" };

    [Fact]
    public async Task TS1_the_inbox_keeps_open_requests_longest_waiting_first_an_answer_over_a_late_open_copy_and_all_of_it_across_reactivation()
    {
        var inbox = fixture.Grains.GetGrain<ISupportInboxGrain>(0);
        var (a, b, c) = (Asked("wo-a", 1, 10), Asked("wo-b", 1, 5), Asked("wo-a", 2, 20));

        await inbox.RecordAsync(a);
        await inbox.RecordAsync(c);
        await inbox.RecordAsync(b); // asked before the others, arriving last (its order's follow-up was retried late)
        await inbox.RecordAsync(Answered(a, 30));
        await inbox.RecordAsync(a); // the open copy again (a retried follow-up): the answer stands
        await inbox.RecordAsync(c); // a repeat: nothing changes
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var all = await inbox.ListAsync(openOnly: false);
        var open = await inbox.ListAsync(openOnly: true);

        Assert.Equal([("wo-b", 1, true), ("wo-a", 2, true), ("wo-a", 1, false)], all.Select(x => (x.WorkOrderId, x.Number, x.IsOpen)));
        Assert.Equal([b, c], open);
        Assert.Equal(TimeSpan.FromMinutes(20), all[2].TimeTaken);
    }
}
