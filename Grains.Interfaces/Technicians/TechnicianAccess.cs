namespace FieldService.Technicians;

/// <summary>Object-level access to a technician's record, as a contract rule: the grains enforce it and the web host
/// answers 404 by it before it asks a grain, so both judge a caller alike.</summary>
public static class TechnicianAccess
{
    /// <summary>A technician reads and updates only their own record; staff any.</summary>
    public static bool MayAccess(string technicianId, Actor actor) => !actor.IsScoped || actor.TechnicianId == technicianId;
}
