using FieldService.Audit;
using FieldService.Complaints;
using FieldService.Grains.Common;
using FieldService.Grains.WorkOrders;
using FieldService.WorkOrders;
using static FieldService.Complaints.ComplaintStatus;

namespace FieldService.Grains.Complaints;

/// <summary>
/// The rules of a complaint (P9, CS4) as pure decisions: opened → investigated → resolved → fed back, each step from
/// exactly one state. Order of checks as for work orders: unknown complaint or one the caller may not act on (404),
/// the step's legality in the current state (409), then the values (422).
/// </summary>
/// <remarks>Audit reasons carry categories, states and channels only, never the customer's words, findings or
/// answers: those may hold contact data, which must not reach the audit trail (H3).</remarks>
public static class ComplaintLifecycle
{
    public const string SubjectType = "complaint";

    /// <summary>The state each step is taken from and the state it leads to.</summary>
    private static readonly Dictionary<Type, (ComplaintStatus From, ComplaintStatus To)> Steps = new()
    {
        [typeof(InvestigateComplaint)] = (Opened, Investigated),
        [typeof(ResolveComplaint)] = (Investigated, Resolved),
        [typeof(FeedBackComplaint)] = (Resolved, FedBack),
    };

    /// <summary>Each step's name (its route under <c>/api/complaints/{id}/</c>).</summary>
    private static readonly Dictionary<Type, string> StepNames = new()
    {
        [typeof(InvestigateComplaint)] = "investigation",
        [typeof(ResolveComplaint)] = "resolution",
        [typeof(FeedBackComplaint)] = "feedback",
    };

    /// <summary>The steps <paramref name="actor"/> may take on <paramref name="complaint"/> now, by the same checks as
    /// <see cref="Decide"/> before the values (which role may call each route is the web host's table).</summary>
    public static IReadOnlyList<string> AllowedSteps(Complaint complaint, Actor actor) =>
        actor.IsScoped ? [] : Steps.Where(s => s.Value.From == complaint.Status).Select(s => StepNames[s.Key]).ToList();

    /// <summary>The action recorded for reaching <paramref name="status"/>: <c>complaint-opened</c>, … <c>complaint-fed-back</c>.</summary>
    public static string ActionOf(ComplaintStatus status) => "complaint-" + Kebab.Of(status);

    /// <summary>Opens a complaint on <paramref name="order"/> (null when it does not exist). Opening one that exists on
    /// the same order returns it unchanged (no entry); on another order it is a conflict.</summary>
    public static Result<ComplaintChange?> Open(
        string id, Complaint? existing, ComplaintOpening opening, WorkOrder? order, Actor actor, DateTimeOffset now)
    {
        if (ValidateOpening(opening, new Validation()).ToFailure() is { } invalid)
        {
            return invalid;
        }

        // A customer complains about their own orders only; another's order is answered as if it did not exist.
        if (order is null || (actor.IsScoped && !(actor.Has(Roles.Customer) && WorkOrderAccess.MaySee(order, actor))))
        {
            return Failure.NotFound($"No work order {opening.WorkOrderId}.");
        }

        if (existing is not null)
        {
            return existing.WorkOrderId == opening.WorkOrderId
                ? Result<ComplaintChange?>.Ok(null)
                : Failure.Conflict($"Complaint {id} already exists, on work order {existing.WorkOrderId}.", Kebab.Of(existing.Status));
        }

        var complaint = new Complaint
        {
            Id = id,
            WorkOrderId = order.Id,
            TechnicianId = order.TechnicianId,
            CustomerId = order.CustomerId,
            Category = opening.Category,
            CustomerWords = opening.CustomerWords.Trim(),
            Status = Opened,
            OpenedAt = now,
            OpenedBy = actor.Id,
            Version = 1,
            UpdatedAt = now,
        };
        var by = actor.Has(Roles.Customer) && actor.IsScoped ? "the customer" : actor.IsSystem ? "the callback" : "customer service";
        var entry = Entry(complaint, 1, now, actor, null, $"{Kebab.Of(opening.Category)} complaint recorded by {by}");
        return Result<ComplaintChange?>.Ok(new ComplaintChange(complaint, entry));
    }

    /// <summary>Decides one step after opening.</summary>
    public static Result<ComplaintChange> Decide(string id, Complaint? complaint, ComplaintCommand command, Actor actor, DateTimeOffset now)
    {
        // Customers open and read complaints; only customer service and managers handle them.
        if (complaint is null || actor.IsScoped)
        {
            return Failure.NotFound($"No complaint {id}.");
        }

        var (from, to) = Steps[command.GetType()];
        if (complaint.Status != from)
        {
            var step = ActionOf(to);
            return Failure.Conflict(
                $"Cannot record {step} on complaint {id}: it is {Kebab.Of(complaint.Status)}; that step is allowed only when it is {Kebab.Of(from)}.",
                Kebab.Of(complaint.Status));
        }

        if (Validate(command) is { } invalid)
        {
            return invalid;
        }

        var (next, reason) = command switch
        {
            InvestigateComplaint c => (complaint with { Findings = c.Findings.Trim(), InvestigatedAt = now, InvestigatedBy = actor.Id }, "findings recorded"),
            ResolveComplaint c => (
                complaint with { Resolution = c.Resolution.Trim(), UpheldAgainstTechnician = c.UpheldAgainstTechnician, ResolvedAt = now, ResolvedBy = actor.Id },
                c.UpheldAgainstTechnician ? "upheld against the technician" : "not upheld against the technician"),
            FeedBackComplaint c => (
                complaint with { FeedbackChannel = c.Channel, CustomerResponse = c.CustomerResponse.Trim(), FedBackAt = now, FedBackBy = actor.Id },
                $"result fed back to the customer by {Kebab.Of(c.Channel)}"),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown complaint command."),
        };
        next = next with { Status = to, Version = complaint.Version + 1, UpdatedAt = now };
        return Result<ComplaintChange>.Ok(new ComplaintChange(next, Entry(next, next.Version, now, actor, complaint.Status, reason)));
    }

    /// <summary>Adds what is wrong with <paramref name="opening"/> to <paramref name="v"/> (which may already hold what
    /// the caller found, e.g. an unknown category's spelling).</summary>
    public static Validation ValidateOpening(ComplaintOpening opening, Validation v) => opening.Validate(v);

    private static Failure? Validate(ComplaintCommand command)
    {
        var v = new Validation();
        switch (command)
        {
            case InvestigateComplaint c:
                v.Required("findings", c.Findings, Validation.MaxText);
                break;
            case ResolveComplaint c:
                v.Required("resolution", c.Resolution, Validation.MaxText);
                break;
            case FeedBackComplaint c:
                v.Required("customerResponse", c.CustomerResponse, Validation.MaxText);
                if (!Enum.IsDefined(c.Channel))
                {
                    v.Add("channel", $"must be one of: {string.Join(", ", Enum.GetValues<Channel>().Select(Kebab.Of))}");
                }

                break;
        }

        return v.ToFailure();
    }

    private static AuditEntry Entry(Complaint complaint, long sequence, DateTimeOffset now, Actor actor, ComplaintStatus? from, string reason) =>
        new(SubjectType, complaint.Id, sequence, now, actor, ActionOf(complaint.Status), from is { } f ? Kebab.Of(f) : null,
            Kebab.Of(complaint.Status), reason, complaint.WorkOrderId, complaint.TechnicianId);
}
