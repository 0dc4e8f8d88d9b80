using FieldService.Silo.Hosting;

namespace FieldService.Tests.Faults;

/// <summary>Issue 12, point 5: the failure-detection and timeout settings are validated at start, naming the setting.</summary>
public sealed class FailureDetectionOptionsTests
{
    [Fact]
    public void Faults_the_defaults_declare_a_dead_silo_within_seconds_and_are_valid()
    {
        var options = new ClusterHostingOptions();

        Assert.True(new ClusterHostingOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(TimeSpan.FromSeconds(6), options.ProbeTimeout * options.MissedProbesLimit);
        Assert.Equal(TimeSpan.FromSeconds(10), options.ResponseTimeout);
    }

    [Theory]
    [InlineData(nameof(ClusterHostingOptions.ResponseTimeout), "Orleans:ResponseTimeout")]
    [InlineData(nameof(ClusterHostingOptions.ProbeTimeout), "Orleans:ProbeTimeout")]
    [InlineData(nameof(ClusterHostingOptions.MissedProbesLimit), "Orleans:MissedProbesLimit")]
    [InlineData(nameof(ClusterHostingOptions.VotesForDeathDeclaration), "Orleans:VotesForDeathDeclaration")]
    [InlineData(nameof(ClusterHostingOptions.IAmAlivePublishPeriod), "Orleans:IAmAlivePublishPeriod")]
    public void Faults_a_setting_out_of_range_fails_naming_it(string property, string setting)
    {
        var options = new ClusterHostingOptions();
        switch (property)
        {
            case nameof(ClusterHostingOptions.ResponseTimeout): options.ResponseTimeout = TimeSpan.Zero; break;
            case nameof(ClusterHostingOptions.ProbeTimeout): options.ProbeTimeout = TimeSpan.FromMilliseconds(100); break;
            case nameof(ClusterHostingOptions.MissedProbesLimit): options.MissedProbesLimit = 0; break;
            case nameof(ClusterHostingOptions.VotesForDeathDeclaration): options.VotesForDeathDeclaration = 0; break;
            default: options.IAmAlivePublishPeriod = TimeSpan.FromHours(1); break;
        }

        var result = new ClusterHostingOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith(setting, StringComparison.Ordinal));
    }
}
