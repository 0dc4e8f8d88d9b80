using FieldService.Complaints;

namespace FieldService.Grains.Complaints;

/// <summary>Object-level access to complaints: a customer sees only complaints on their own orders; customer service
/// and managers (whose roles the web host's policy table checks) see all of them.</summary>
public static class ComplaintAccess
{
    public static bool MaySee(Complaint complaint, Actor actor) =>
        !actor.IsScoped || (actor.Has(Roles.Customer) && actor.CustomerId is not null && actor.CustomerId == complaint.CustomerId);

    /// <summary>The listing's form of <see cref="MaySee"/>: a scoped caller's query is narrowed to their own customer.</summary>
    public static ComplaintQuery Scope(ComplaintQuery query, Actor actor) =>
        actor.IsScoped ? query with { CustomerId = actor.CustomerId ?? "" } : query;
}
