using FieldService.Grains.Reports;
using FieldService.Silo.Records;

namespace FieldService.Tests.Domain;

/// <summary>The reports read whole answers from the paged audit trail: nothing is lost at a page boundary.</summary>
public sealed class ReportReaderTests
{
    [Fact]
    public async Task S1_the_reader_pages_through_a_period_and_order_histories_longer_than_a_page()
    {
        var log = new InMemoryAuditLog();
        var trail = new ReportTrail();
        // One order with more than two pages of progress notes, and a second order recorded after the period.
        var busy = trail.Report("wo-busy", 0).ToRepair(1, "t-a", 2, 3, 10);
        for (var i = 0; i < (2 * AuditReader.PageSize) + 7; i++)
        {
            busy.Step(20 + (i % 900), "progress", null, $"note {i}");
        }

        trail.Report("wo-later", 2000);
        await log.AppendAsync(trail.Entries);
        var reader = new AuditReader(log);

        var period = await reader.PeriodAsync(ReportTrail.From, ReportTrail.To);
        var histories = await reader.HistoriesAsync(["wo-busy", "wo-later", "wo-busy"], until: null);
        var mine = await reader.WithHistoriesAsync(await reader.PeriodAsync(ReportTrail.From, ReportTrail.To, "t-a"), ReportTrail.To);

        var inPeriod = trail.Entries.Count(e => e.At >= ReportTrail.From && e.At < ReportTrail.To);
        Assert.Equal(inPeriod, period.Count);
        Assert.Equal(trail.Entries.Count, histories.Count);
        Assert.Equal(trail.Entries.Count(e => e.SubjectId == "wo-busy"), mine.Count);
        Assert.Equal(mine.Count, mine.DistinctBy(e => (e.SubjectType, e.SubjectId, e.Sequence)).Count());
    }
}
