namespace FieldService.Clocks;

/// <summary>The regulation's deadlines (DESIGN.md's clock table). Serialized kebab-case.</summary>
public enum ClockKind
{
    /// <summary>P2: dispatched within 1 h of the report (emergency: minutes).</summary>
    Dispatch,
    /// <summary>P3: accepted within 15 min of dispatch.</summary>
    Accept,
    /// <summary>P4: on site by the agreed time (or the delay announced in time).</summary>
    Arrival,
    /// <summary>E2: the customer contacted within 30 min of dispatch.</summary>
    EmergencyContact,
    /// <summary>E2: on site within 2 h of dispatch.</summary>
    EmergencyArrival,
    /// <summary>P9: called back within 24 h of completion.</summary>
    Callback,
    /// <summary>Q4: a repair that failed inspection is reworked and completed again within the configured time (24 h).</summary>
    Rework,
}
