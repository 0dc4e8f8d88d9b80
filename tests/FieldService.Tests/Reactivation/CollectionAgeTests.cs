using FieldService.Silo.Hosting;
using FieldService.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace FieldService.Tests.Reactivation;

/// <summary>Issue 12.1: how long an idle grain stays active is a setting (the soak check shortens it).</summary>
public sealed class CollectionAgeTests
{
    [Theory]
    [InlineData("00:00:30")]
    [InlineData("00:01:00")]
    public void Issue12_a_collection_age_not_above_Orleans_collection_quantum_is_refused_naming_the_setting(string age)
    {
        var result = new ClusterHostingOptionsValidator().Validate(null, new ClusterHostingOptions { CollectionAge = TimeSpan.Parse(age) });

        Assert.Contains(result.Failures!, f => f.StartsWith("Orleans:CollectionAge", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Issue12_the_configured_collection_age_is_the_one_the_silo_collects_by()
    {
        await using var host = new AppFactory(settings: new Dictionary<string, string> { ["Orleans:CollectionAge"] = "00:02:30" });
        await using var defaults = new AppFactory();

        Assert.Equal(TimeSpan.FromSeconds(150), host.Services.GetRequiredService<IOptions<GrainCollectionOptions>>().Value.CollectionAge);
        Assert.Equal(new GrainCollectionOptions().CollectionAge,
            defaults.Services.GetRequiredService<IOptions<GrainCollectionOptions>>().Value.CollectionAge);
    }
}
