using FieldService.Audit;

namespace FieldService.Complaints;

/// <summary>One complaint (P9, CS4), keyed by its id (<see cref="ComplaintIds"/>): opened → investigated → resolved →
/// fed back, every step guarded and recorded.</summary>
[Alias("fs.IComplaintGrain")]
public interface IComplaintGrain : IGrainWithStringKey
{
    /// <summary>Opens the complaint against its work order (which must exist and, for a customer, be theirs); the
    /// technician is the one the order is assigned to. Opening again on the same work order returns the complaint as
    /// it stands (idempotent: the work order's callback may repeat); on another order it is refused.</summary>
    Task<Result<Complaint>> OpenAsync(ComplaintOpening opening, Actor actor);

    /// <summary>The complaint, or null when nothing was opened under this id.</summary>
    Task<Complaint?> GetAsync();

    /// <summary>The complaint as <paramref name="actor"/> may see it: null when it does not exist or is not theirs to
    /// see (a customer sees only complaints on their own orders), so both answer alike (404).</summary>
    Task<Complaint?> GetForAsync(Actor actor);

    /// <summary>Every recorded change, oldest first.</summary>
    Task<IReadOnlyList<AuditEntry>> GetHistoryAsync();

    /// <summary>The complaint as <paramref name="actor"/> may read it, with the steps they may take next; null when it
    /// does not exist or is not theirs to see.</summary>
    Task<ComplaintRead?> ReadForAsync(Actor actor);

    /// <summary>Applies one lifecycle step; a refused step changes nothing.</summary>
    Task<Result<Complaint>> ExecuteAsync(ComplaintCommand command, Actor actor);
}
