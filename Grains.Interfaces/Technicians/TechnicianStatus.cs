namespace FieldService.Technicians;

/// <summary>Whether a technician can take work. Serialized kebab-case.</summary>
public enum TechnicianStatus
{
    Available,
    /// <summary>At capacity, or marked busy by hand.</summary>
    Busy,
    OffShift,
    OnLeave,
}
