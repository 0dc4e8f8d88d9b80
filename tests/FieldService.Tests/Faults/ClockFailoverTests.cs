using FieldService.Grains.Clocks;
using FieldService.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Hosting;

namespace FieldService.Tests.Faults;

/// <summary>Issue 12, point 5: a clock due while its silo dies fires within failure detection + 10 s. A reminder that
/// moves to another silo fires at the next StartAt + n × period, so the clock reminder's period bounds the delay;
/// Orleans must allow that period (its minimum is a minute by default).</summary>
public sealed class ClockFailoverTests
{
    private static IServiceProvider Services(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddFieldServiceGrainServices(connectionString: null);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Faults_the_clock_reminder_period_fits_failure_detection_plus_ten_seconds_and_Orleans_allows_it()
    {
        var services = Services();
        var period = services.GetRequiredService<IOptions<SlaOptions>>().Value.ReminderPeriod;
        var detection = ClusterHostingOptions.DefaultProbeTimeout * ClusterHostingOptions.DefaultMissedProbesLimit;

        Assert.Equal(TimeSpan.FromSeconds(5), period);
        Assert.True(period <= TimeSpan.FromSeconds(10), $"a moved reminder fires up to one period late; {period} is more than the 10 s allowed after detection ({detection})");
        Assert.Equal(period, services.GetRequiredService<IOptions<ReminderOptions>>().Value.MinimumReminderPeriod);
    }

    [Fact]
    public void Faults_a_configured_period_lowers_Orleans_minimum_with_it()
    {
        var services = Services(("Sla:ReminderPeriod", "00:00:02"));

        Assert.Equal(TimeSpan.FromSeconds(2), services.GetRequiredService<IOptions<ReminderOptions>>().Value.MinimumReminderPeriod);
    }

    [Theory]
    [InlineData("00:00:00.500")]
    [InlineData("00:05:00")]
    public void Faults_a_reminder_period_out_of_range_stops_the_start_naming_the_setting(string value)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Services(("Sla:ReminderPeriod", value)).GetRequiredService<IOptions<SlaOptions>>().Value);

        Assert.Contains("Sla:ReminderPeriod", failure.Message, StringComparison.Ordinal);
    }
}
