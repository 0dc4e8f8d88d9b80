using FieldService.Grains.Quality;
using FieldService.Quality;
using FieldService.WorkOrders;

namespace FieldService.Tests.Domain;

/// <summary>Q3's sampling rule, run over generated streams of completions the way the sampler grain runs it.</summary>
public sealed class SamplingRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);

    private sealed record Completion(string OrderId, string Technician, string Region, bool Critical);

    /// <summary>The sampler's loop, without the grain: critical repairs are always inspected and stay out of the tallies.</summary>
    private static List<(Completion Completion, InspectionRequirement Decision)> Run(IEnumerable<Completion> stream, SamplingOptions? options = null)
    {
        options ??= new SamplingOptions();
        var tallies = new Dictionary<string, SamplingTally>();
        SamplingTally Tally(string scope) => tallies.TryGetValue(scope, out var t) ? t : new SamplingTally(scope, 0, 0, 0);
        var decisions = new List<(Completion, InspectionRequirement)>();
        foreach (var completion in stream)
        {
            if (completion.Critical)
            {
                decisions.Add((completion, new InspectionRequirement(InspectionReason.Critical, "critical", Now)));
                continue;
            }

            var technician = Tally(SamplingRules.TechnicianScope(completion.Technician));
            var region = Tally(SamplingRules.RegionScope(completion.Region));
            var decision = SamplingRules.Decide(completion.OrderId, technician, region, options, Now);
            tallies[technician.Scope] = SamplingRules.Count(technician, decision.Required);
            tallies[region.Scope] = SamplingRules.Count(region, decision.Required);
            decisions.Add((completion, decision));
        }

        return decisions;
    }

    private static List<Completion> Stream(int seed, int count, int technicians, int regions, double criticalShare)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(i => new Completion($"wo-{seed}-{i}", $"t-{random.Next(technicians)}", $"r-{random.Next(regions)}", random.NextDouble() < criticalShare))
            .ToList();
    }

    /// <summary>Every prefix of one scope's non-critical completions has at least 10% inspected, and every run of 10
    /// consecutive ones holds an inspection.</summary>
    private static void AssertShareHolds(string scope, IReadOnlyList<bool> inspected)
    {
        var seen = 0;
        for (var i = 0; i < inspected.Count; i++)
        {
            seen += inspected[i] ? 1 : 0;
            Assert.True(seen >= 0.10 * (i + 1), $"{scope}: after {i + 1} completions only {seen} were inspected");
        }

        for (var start = 0; start + 10 <= inspected.Count; start++)
        {
            Assert.True(inspected.Skip(start).Take(10).Any(x => x), $"{scope}: completions {start + 1}–{start + 10} had no inspection");
        }
    }

    [Theory]
    [InlineData(1, 2_000, 12, 3, 0.05)]
    [InlineData(2, 5_000, 40, 6, 0.10)]
    [InlineData(3, 3_000, 3, 1, 0.00)]
    [InlineData(4, 4_000, 200, 12, 0.30)]
    public void Q3_every_technician_and_every_region_keeps_at_least_10_percent_inspected_in_every_window(
        int seed, int count, int technicians, int regions, double criticalShare)
    {
        var decisions = Run(Stream(seed, count, technicians, regions, criticalShare));
        var sampled = decisions.Where(d => !d.Completion.Critical).ToList();

        foreach (var group in sampled.GroupBy(d => "technician " + d.Completion.Technician).Concat(sampled.GroupBy(d => "region " + d.Completion.Region)))
        {
            AssertShareHolds(group.Key, group.Select(d => d.Decision.Required).ToList());
        }

        Assert.All(decisions.Where(d => d.Completion.Critical), d => Assert.True(d.Decision.Required));
        // The rule costs little above the minimum: the draw adds about 5% on top of the 10%.
        var share = sampled.Count(d => d.Decision.Required) / (double)sampled.Count;
        Assert.InRange(share, 0.10, 0.30);
    }

    [Fact]
    public void Q3_the_selection_is_deterministic_and_every_decision_says_why()
    {
        var stream = Stream(7, 500, 5, 2, 0.05);

        var first = Run(stream);
        var second = Run(stream);

        Assert.Equal(first.Select(d => d.Decision), second.Select(d => d.Decision));
        Assert.All(first, d => Assert.False(string.IsNullOrWhiteSpace(d.Decision.Explanation)));
        Assert.Contains(first, d => d.Decision.Reason == InspectionReason.NotSampled);
        Assert.Contains(first, d => d.Decision.Explanation.StartsWith("draw", StringComparison.Ordinal) && d.Decision.Required);
    }

    [Fact]
    public void Q3_every_decision_carries_its_rule_and_figures_for_the_pages_to_word_in_the_reader_s_language()
    {
        var options = new SamplingOptions { DrawRate = 0 };
        var fresh = new SamplingTally("technician:t-1", 0, 0, 0);
        var region = new SamplingTally("region:r-1", 100, 50, 0);

        var share = SamplingRules.Decide("wo-1", fresh, region, options, Now).Trace!;
        Assert.Equal(new InspectionTrace("share", "technician:t-1", 0, 1, 0.0, options.MinimumShare), share);

        var run = SamplingRules.Decide("wo-2", new SamplingTally("technician:t-1", 40, 20, 9), region, options, Now).Trace!;
        Assert.Equal(new InspectionTrace("run", "technician:t-1", Run: 9), run);

        var skipped = SamplingRules.Decide("wo-3", new SamplingTally("technician:t-1", 40, 20, 0), region, options, Now);
        Assert.Equal(("not-sampled", 0.0), (skipped.Trace!.Rule, skipped.Trace.DrawRate!.Value));
        Assert.Equal(SamplingRules.Draw("wo-3"), skipped.Trace.Draw);

        var always = SamplingRules.Decide("wo-4", fresh, region, new SamplingOptions { Sampling = SamplingMode.Always }, Now).Trace!;
        Assert.Equal("always", always.Rule);
    }

    [Fact]
    public void Q3_a_technician_s_first_completion_is_inspected_and_the_eleventh_at_the_latest_after_it()
    {
        var stream = Enumerable.Range(0, 11).Select(i => new Completion($"same-{i}", "t-1", "r-1", false)).ToList();

        var inspected = Run(stream, new SamplingOptions { DrawRate = 0 }).Select(d => d.Decision.Required).ToList();

        Assert.Equal([true, false, false, false, false, false, false, false, false, false, true], inspected);
    }

    [Fact]
    public void Q3_sampling_pinned_to_always_inspects_every_completion()
    {
        // The same stream the rule leaves nine of eleven uninspected in.
        var stream = Enumerable.Range(0, 11).Select(i => new Completion($"same-{i}", "t-1", "r-1", false)).ToList();

        var decisions = Run(stream, new SamplingOptions { DrawRate = 0, Sampling = SamplingMode.Always });

        Assert.All(decisions, d => Assert.Equal(InspectionReason.Sampled, d.Decision.Reason));
        Assert.All(decisions, d => Assert.Contains("Quality:Sampling", d.Decision.Explanation, StringComparison.Ordinal));
    }

    [Fact]
    public void Q3_a_sampling_mode_that_is_not_defined_is_refused_at_start()
    {
        var result = new SamplingOptionsValidator().Validate(null, new SamplingOptions { Sampling = (SamplingMode)7 });

        Assert.True(result.Failed);
        Assert.Contains("Quality:Sampling must be one of Rule, Always", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Q3_the_draw_can_be_recomputed_by_anyone_from_the_order_id()
    {
        Assert.Equal(SamplingRules.Draw("wo-42"), SamplingRules.Draw("wo-42"));
        Assert.NotEqual(SamplingRules.Draw("wo-42"), SamplingRules.Draw("wo-43"));
        Assert.InRange(SamplingRules.Draw("wo-42"), 0, 1);
    }

    [Theory]
    [InlineData(0.05, 0.05)]
    [InlineData(0.10, 1.5)]
    public void Q3_a_minimum_below_10_percent_or_a_draw_rate_beyond_1_is_refused_at_start(double minimum, double draw)
    {
        var result = new SamplingOptionsValidator().Validate(null, new SamplingOptions { MinimumShare = minimum, DrawRate = draw });

        Assert.True(result.Failed);
    }
}
