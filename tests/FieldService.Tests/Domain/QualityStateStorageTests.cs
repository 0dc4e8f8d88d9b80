using FieldService.Grains.Quality;
using FieldService.Quality;
using FieldService.Silo.Hosting;
using FieldService.WorkOrders;

namespace FieldService.Tests.Domain;

/// <summary>The quality grains' state survives the durable mode's JSON grain storage unchanged.</summary>
public sealed class QualityStateStorageTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Q3_the_sampler_s_tallies_decisions_and_their_order_round_trip_through_grain_storage()
    {
        var state = new SamplerState();
        state.Tallies["technician:t-1"] = new SamplingTally("technician:t-1", 12, 2, 3);
        state.Decisions["wo-1"] = new InspectionRequirement(InspectionReason.Sampled, "draw 0.0300 < 0.05", Now);
        state.DecisionOrder.Enqueue("wo-1");
        state.DecisionOrder.Enqueue("wo-2");
        var storage = new JsonGrainStorageSerializer();

        var back = storage.Deserialize<SamplerState>(storage.Serialize(state));

        Assert.Equal(state.Tallies["technician:t-1"], back.Tallies["technician:t-1"]);
        Assert.Equal(state.Decisions["wo-1"], back.Decisions["wo-1"]);
        Assert.Equal(["wo-1", "wo-2"], back.DecisionOrder);
    }

    [Fact]
    public void Q1_published_standards_round_trip_through_grain_storage()
    {
        var state = new StandardState { Versions = [Standards.BuiltInGeneral with { Category = "pumps", Version = 4 }] };
        var storage = new JsonGrainStorageSerializer();

        var back = storage.Deserialize<StandardState>(storage.Serialize(state)).Versions.Single();

        Assert.Equal(("pumps", 4, "built-in default"), (back.Category, back.Version, back.Notes));
        Assert.Equal(Standards.BuiltInGeneral.Items, back.Items);
    }
}
