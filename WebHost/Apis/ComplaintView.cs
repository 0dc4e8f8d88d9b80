using System.Diagnostics.CodeAnalysis;
using FieldService.Complaints;
using FieldService.WebHost.Security;

namespace FieldService.WebHost.Apis;

/// <summary>A complaint as one caller reads it, and the steps they may take next (as <see cref="WorkOrderView"/>).</summary>
public sealed record ComplaintView : Complaint
{
    [SetsRequiredMembers]
    private ComplaintView(Complaint complaint, IReadOnlyList<string> allowedActions) : base(complaint) => AllowedActions = allowedActions;

    /// <summary>The steps (<c>POST /api/complaints/{id}/{action}</c>) this caller may take now: allowed by the
    /// complaint's lifecycle from its state and by the access policy to the caller's roles.</summary>
    [System.Text.Json.Serialization.JsonPropertyOrder(1)]
    public IReadOnlyList<string> AllowedActions { get; init; }

    public static ComplaintView For(ComplaintRead read, Actor actor) => new(read.Complaint, read.AllowedSteps
        .Where(step => AccessPolicy.Endpoints.TryGetValue("Complaint-" + step, out var roles) && roles.Any(actor.Has))
        .ToArray());
}
