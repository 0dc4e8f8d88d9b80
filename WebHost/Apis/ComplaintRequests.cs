using System.ComponentModel.DataAnnotations;
using FieldService.Complaints;
using FieldService.WorkOrders;

namespace FieldService.WebHost.Apis;

// Request bodies of the complaint API; as for work orders, every member is nullable so that a missing value is a
// named field (422), and enums arrive as strings.

/// <summary>P9/CS4: a complaint in the customer's words, about one work order.</summary>
public sealed record OpenComplaintRequest(
    [Required, MaxLength(64)] string? WorkOrderId,
    [Required, KebabEnum(typeof(ComplaintCategory))] string? Category,
    [Required, MaxLength(Validation.MaxText)] string? CustomerWords)
{
    public Result<ComplaintOpening> ToOpening()
    {
        var v = new Validation();
        var category = EnumField.Parse<ComplaintCategory>(Category, "category", v);
        var opening = new ComplaintOpening(WorkOrderId ?? "", category ?? ComplaintCategory.Other, CustomerWords ?? "");
        return opening.Validate(v).ToFailure() is { } invalid ? invalid : Result<ComplaintOpening>.Ok(opening);
    }
}

public sealed record InvestigationRequest([Required, MaxLength(Validation.MaxText)] string? Findings) : ICommandRequest<ComplaintCommand>
{
    public Result<ComplaintCommand> ToCommand(string route) => Result<ComplaintCommand>.Ok(new InvestigateComplaint(Findings ?? ""));
}

public sealed record ResolutionRequest([Required, MaxLength(Validation.MaxText)] string? Resolution, [Required] bool? UpheldAgainstTechnician) : ICommandRequest<ComplaintCommand>
{
    public Result<ComplaintCommand> ToCommand(string route) => UpheldAgainstTechnician is { } upheld
        ? Result<ComplaintCommand>.Ok(new ResolveComplaint(Resolution ?? "", upheld))
        : Failure.Invalid("upheldAgainstTechnician", "is required (true or false)");
}

public sealed record FeedbackRequest([Required, KebabEnum(typeof(Channel))] string? Channel, [Required, MaxLength(Validation.MaxText)] string? CustomerResponse) : ICommandRequest<ComplaintCommand>
{
    public Result<ComplaintCommand> ToCommand(string route)
    {
        var v = new Validation();
        var channel = EnumField.Parse<Channel>(Channel, "channel", v);
        return v.ToFailure() is { } invalid ? invalid : Result<ComplaintCommand>.Ok(new FeedBackComplaint(channel!.Value, CustomerResponse ?? ""));
    }
}
