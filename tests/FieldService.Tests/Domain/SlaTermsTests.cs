using FieldService.Grains.Clocks;
using FieldService.WorkOrders;

namespace FieldService.Tests.Domain;

/// <summary>Deadlines per priority and contract, on 24×7 or business-hours calendars.</summary>
public sealed class SlaTermsTests
{
    private static readonly DateTimeOffset Friday1700 = new(2026, 11, 27, 17, 0, 0, TimeSpan.Zero);

    [Fact]
    public void P2_P3_E2_P9_defaults_come_from_the_regulation()
    {
        var normal = SlaTerms.Default(Priority.Normal);
        var emergency = SlaTerms.Default(Priority.Emergency);

        Assert.Equal((TimeSpan.FromHours(1), TimeSpan.FromMinutes(15), TimeSpan.FromHours(24)), (normal.DispatchWithin, normal.AcceptWithin, normal.CallbackWithin));
        Assert.Equal((TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2)),
            (emergency.DispatchWithin, emergency.EmergencyContactWithin, emergency.EmergencyArrivalWithin));
        Assert.Equal(Friday1700.AddHours(1), normal.Due(Friday1700, normal.DispatchWithin));
    }

    [Fact]
    public void A_customer_contract_overrides_the_priority_defaults_and_others_keep_them()
    {
        var options = new SlaOptions
        {
            Priorities = { ["high"] = new SlaTermsOptions { DispatchWithin = TimeSpan.FromMinutes(45) } },
            Contracts = { ["c-gold"] = new SlaContractOptions { Priorities = { ["high"] = new SlaTermsOptions { DispatchWithin = TimeSpan.FromMinutes(20) } } } },
        };

        Assert.Equal(TimeSpan.FromMinutes(20), SlaTerms.For(options, Priority.High, "c-gold").DispatchWithin);
        Assert.Equal(TimeSpan.FromMinutes(45), SlaTerms.For(options, Priority.High, "c-other").DispatchWithin);
        Assert.Equal(TimeSpan.FromMinutes(15), SlaTerms.For(options, Priority.High, "c-gold").AcceptWithin);
    }

    [Fact]
    public void A_business_hours_contract_counts_only_working_time_and_skips_weekends_and_holidays()
    {
        var options = new SlaOptions
        {
            Contracts =
            {
                ["c-office"] = new SlaContractOptions
                {
                    BusinessHours = new BusinessHoursOptions { Start = new(8, 0), End = new(18, 0), Holidays = [new DateOnly(2026, 11, 30)] },
                },
            },
        };
        var terms = SlaTerms.For(options, Priority.Normal, "c-office");

        // Friday 17:00 + 1 h 30 working: 1 h on Friday, Saturday and Sunday skipped, Monday a holiday, 30 min on Tuesday.
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 8, 30, 0, TimeSpan.Zero), terms.Due(Friday1700, TimeSpan.FromMinutes(90)));
        // Before opening, the clock starts at opening time.
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero), terms.Due(new DateTimeOffset(2026, 12, 1, 6, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(1)));
    }

    [Fact]
    public void A_business_calendar_honours_its_time_zone()
    {
        var calendar = new BusinessCalendar(new BusinessHoursOptions { TimeZone = "Asia/Shanghai", Start = new(9, 0), End = new(17, 0) });

        // 00:30 UTC on a Wednesday is 08:30 in Shanghai: the clock starts at 09:00 local (01:00 UTC).
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 2, 0, 0, TimeSpan.Zero), calendar.Add(new DateTimeOffset(2026, 12, 2, 0, 30, 0, TimeSpan.Zero), TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Invalid_sla_settings_stop_the_start_naming_the_setting()
    {
        var options = new SlaOptions
        {
            Priorities = { ["urgent"] = new SlaTermsOptions(), ["normal"] = new SlaTermsOptions { AcceptWithin = TimeSpan.Zero } },
            Contracts = { ["c-1"] = new SlaContractOptions { BusinessHours = new BusinessHoursOptions { Start = new(18, 0), End = new(8, 0), TimeZone = "Mars/Olympus" } } },
        };

        var failures = new SlaOptionsValidator().Validate(null, options).Failures!.ToList();

        Assert.Contains(failures, f => f.Contains("Sla:Priorities:urgent", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Sla:Priorities:normal:AcceptWithin", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("BusinessHours:End", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Mars/Olympus", StringComparison.Ordinal));
    }
}
