using Microsoft.Extensions.Options;
using FieldService.WorkOrders;

namespace FieldService.Grains.Clocks;

/// <summary>The regulation's deadlines (section <c>Sla</c>): defaults from REGULATION.md, per priority, overridable
/// per customer contract (<c>Sla:Contracts:{customerId}</c>), on a 24×7 clock or a business-hours calendar.</summary>
public sealed class SlaOptions
{
    public const string SectionName = "Sla";

    /// <summary>P2 for emergencies: "immediately" — minutes, not an hour.</summary>
    public static readonly TimeSpan DefaultEmergencyDispatch = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan DefaultDispatch = TimeSpan.FromHours(1);
    public static readonly TimeSpan DefaultAccept = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan DefaultEmergencyContact = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan DefaultEmergencyArrival = TimeSpan.FromHours(2);
    public static readonly TimeSpan DefaultCallback = TimeSpan.FromHours(24);

    /// <summary>Q4: the regulation says "rework until the standard is met"; a day to complete the rework is our default.</summary>
    public static readonly TimeSpan DefaultRework = TimeSpan.FromHours(24);
    public static readonly TimeSpan DefaultEscalationAck = TimeSpan.FromMinutes(10);

    /// <summary>A reminder that moves to another silo (its silo died) fires at the next StartAt + n × period after
    /// the new owner loads it, not at once: with Orleans' 1-minute minimum a clock due during the failover fired up to
    /// a minute late. 5 s keeps it within failure detection + 10 s.</summary>
    public static readonly TimeSpan DefaultReminderPeriod = TimeSpan.FromSeconds(5);

    /// <summary>Deadlines per priority (keys: emergency, high, normal, low); missing values take the defaults.</summary>
    public Dictionary<string, SlaTermsOptions> Priorities { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Per customer account: deadlines per priority and the calendar the clocks run on.</summary>
    public Dictionary<string, SlaContractOptions> Contracts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>E1: an escalation not acknowledged within this time is raised again to the next member on call.</summary>
    public TimeSpan EscalationAckWithin { get; set; } = DefaultEscalationAck;

    /// <summary>The period of a work order's clock reminder. The reminder is aimed at the earliest deadline and
    /// re-aimed on every tick, so the period only matters when a tick is missed or the reminder changes silo: it
    /// bounds how late the clock then fires. Orleans' minimum reminder period is lowered to it (Orleans warns at start
    /// that periods under a minute are "high-frequency"; ours tick once per deadline).</summary>
    public TimeSpan ReminderPeriod { get; set; } = DefaultReminderPeriod;
}

/// <summary>Deadlines for one priority; null means "the default".</summary>
public sealed class SlaTermsOptions
{
    public TimeSpan? DispatchWithin { get; set; }
    public TimeSpan? AcceptWithin { get; set; }
    public TimeSpan? EmergencyContactWithin { get; set; }
    public TimeSpan? EmergencyArrivalWithin { get; set; }
    public TimeSpan? CallbackWithin { get; set; }
    public TimeSpan? ReworkWithin { get; set; }
}

/// <summary>A customer contract: its own deadlines per priority and, optionally, business hours.</summary>
public sealed class SlaContractOptions
{
    public Dictionary<string, SlaTermsOptions> Priorities { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>When set, clocks run only in these hours; when null, 24×7.</summary>
    public BusinessHoursOptions? BusinessHours { get; set; }
}

/// <summary>Working days and hours, and holidays, in one time zone.</summary>
public sealed class BusinessHoursOptions
{
    public List<DayOfWeek> WorkingDays { get; set; } = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];
    public TimeOnly Start { get; set; } = new(8, 0);
    public TimeOnly End { get; set; } = new(18, 0);
    public List<DateOnly> Holidays { get; set; } = [];
    public string TimeZone { get; set; } = "UTC";
}

/// <summary>Fails start-up with a message that names the setting.</summary>
public sealed class SlaOptionsValidator : IValidateOptions<SlaOptions>
{
    public ValidateOptionsResult Validate(string? name, SlaOptions options)
    {
        var failures = new List<string>();
        void Terms(string path, Dictionary<string, SlaTermsOptions> priorities)
        {
            foreach (var (priority, terms) in priorities)
            {
                if (!Enum.TryParse<Priority>(priority, ignoreCase: true, out _))
                {
                    failures.Add($"{path}:{priority} is not a priority (emergency, high, normal, low).");
                }

                foreach (var (setting, value) in new (string, TimeSpan?)[]
                         {
                             ("DispatchWithin", terms.DispatchWithin), ("AcceptWithin", terms.AcceptWithin),
                             ("EmergencyContactWithin", terms.EmergencyContactWithin), ("EmergencyArrivalWithin", terms.EmergencyArrivalWithin),
                             ("CallbackWithin", terms.CallbackWithin), ("ReworkWithin", terms.ReworkWithin),
                         })
                {
                    if (value is { } v && v <= TimeSpan.Zero)
                    {
                        failures.Add($"{path}:{priority}:{setting} must be positive.");
                    }
                }
            }
        }

        Terms("Sla:Priorities", options.Priorities);
        foreach (var (customer, contract) in options.Contracts)
        {
            Terms($"Sla:Contracts:{customer}:Priorities", contract.Priorities);
            if (contract.BusinessHours is { } hours)
            {
                if (hours.End <= hours.Start)
                {
                    failures.Add($"Sla:Contracts:{customer}:BusinessHours:End must be after Start.");
                }

                if (hours.WorkingDays.Count == 0)
                {
                    failures.Add($"Sla:Contracts:{customer}:BusinessHours:WorkingDays must name at least one day.");
                }

                if (!TimeZoneInfo.TryFindSystemTimeZoneById(hours.TimeZone, out _))
                {
                    failures.Add($"Sla:Contracts:{customer}:BusinessHours:TimeZone '{hours.TimeZone}' is not a known time zone.");
                }
            }
        }

        if (options.EscalationAckWithin <= TimeSpan.Zero)
        {
            failures.Add("Sla:EscalationAckWithin must be positive.");
        }

        if (options.ReminderPeriod < TimeSpan.FromSeconds(1) || options.ReminderPeriod > TimeSpan.FromMinutes(1))
        {
            failures.Add($"Sla:ReminderPeriod {options.ReminderPeriod} must be between 00:00:01 and 00:01:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
