using FieldService.Grains.Quality;
using FieldService.Quality;

namespace FieldService.Tests.Domain;

/// <summary>Q3, issue 17.6: how the former company sampler's tallies are shared out among the regions' samplers.</summary>
public sealed class SamplerSplitTests
{
    [Fact]
    public void Q3_the_split_gives_a_region_its_tally_and_each_technician_to_their_home_region()
    {
        SamplingTally[] tallies = [new("region:a", 3, 1, 0), new("region:b", 9, 2, 0), new("technician:x", 4, 1, 0), new("technician:y", 8, 2, 0)];

        var owners = SamplerSplit.Owners(tallies, new Dictionary<string, string> { ["technician:x"] = "a" });

        Assert.Equal(new Dictionary<string, string> { ["region:a"] = "a", ["region:b"] = "b", ["technician:x"] = "a", ["technician:y"] = "b" }, owners);
    }

    [Fact]
    public void Q3_a_technician_without_a_record_goes_to_the_region_of_most_completions_rather_than_being_dropped()
    {
        SamplingTally[] tallies = [new("region:a", 9, 1, 0), new("region:b", 3, 2, 0), new("technician:gone", 4, 1, 0)];

        Assert.Equal("a", SamplerSplit.Owners(tallies, new Dictionary<string, string>())["technician:gone"]);
    }

    [Fact]
    public void Q3_gathered_tallies_add_a_technician_s_regions_up_and_keep_the_longest_run()
    {
        SamplingTally[] tallies = [new("technician:x", 10, 2, 3), new("region:a", 10, 2, 3), new("technician:x", 5, 1, 7), new("region:b", 5, 1, 7)];

        Assert.Equal([new("region:a", 10, 2, 3), new("region:b", 5, 1, 7), new SamplingTally("technician:x", 15, 3, 7)], SamplingTally.Gather(tallies));
    }
}
