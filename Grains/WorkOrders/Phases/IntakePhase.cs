using FieldService.Audit;
using FieldService.Clocks;
using FieldService.Escalations;
using FieldService.Grains.Clocks;
using FieldService.Grains.Common;
using FieldService.WorkOrders;
using static FieldService.WorkOrders.WorkOrderStatus;

namespace FieldService.Grains.WorkOrders.Phases;

// Intake (P1): a reported fault becomes an order; customer service triages it.

/// <summary>P1: records a reported fault as a new order; with terms, its P2 clock starts.</summary>
public static class IntakePhase
{
    public static Result<WorkOrderChange> Report(
        string id, WorkOrder? existing, ReportFault intake, Actor actor, DateTimeOffset now, SlaTerms? terms, EmergencyPlan? plan)
    {
        if (existing is not null)
        {
            return Failure.Conflict($"Work order {id} already exists.", Kebab.Of(existing.Status));
        }

        if (ValidateIntake(intake) is { } invalid)
        {
            return invalid;
        }

        var order = new WorkOrder
        {
            Id = id,
            Status = Reported,
            Customer = intake.Customer,
            Product = intake.Product,
            Fault = intake.Fault,
            Priority = intake.Priority,
            Region = intake.Region,
            RequiredSkill = intake.RequiredSkill,
            Requirements = intake.Requirements,
            AgreedArrival = intake.AgreedArrival,
            CustomerId = intake.CustomerId,
            IncidentType = intake.IncidentType,
            Plan = intake.Priority == Priority.Emergency ? plan : null,
            ReportedAt = now,
            ReportedBy = actor.Id,
            Version = 1,
            UpdatedAt = now,
            Thread = intake.Inbound is { } first ? [first] : [],
        };
        if (terms is not null)
        {
            order = order with { Clocks = SlaClocks.AtReport(order, terms) };
        }

        // CS3: the customer is told the order's number as soon as it exists. CS1: the sender of a mail or chat message is
        // answered with it the same way, a mail by mail, a chat (whose platform shows the number at once) by the
        // customer's usual channel. A message nobody could read has no one to answer: the agents take it up.
        if (intake.Inbound is not { Readable: false })
        {
            var channel = intake.Inbound is { Channel: Channel.Email } ? "email" : WorkOrderLifecycle.CustomerChannel(order);
            var text = intake.Inbound is null ? $"We have your report: repair {id}." : ReceivedNotice(id);
            order = order with { Notifications = [new Notification(Notification.Customer, channel, text, now, AuditActions.Report)] };
        }

        // The facts say what the report's clocks depend on (priority, agreed arrival) and where it was reported, so the compliance report can
        // be recomputed from the audit trail alone; the reason says the same in words.
        var arrival = intake.AgreedArrival is { } agreed ? $"; arrival agreed by {agreed.To:O}" : "";
        var entry = new AuditEntry(WorkOrderLifecycle.SubjectType, id, 1, now, actor, AuditActions.Report, null, Kebab.Of(Reported),
            $"{Kebab.Of(intake.Priority)} fault reported by {Kebab.Of(intake.Fault.Channel)}{arrival}", id, null,
            new AuditEntryFacts { Priority = intake.Priority, AgreedArrivalBy = intake.AgreedArrival?.To, Region = intake.Region });
        return Result<WorkOrderChange>.Ok(new WorkOrderChange(order, entry) { Effects = WorkOrderEffects.Of(null, order, null, actor) });
    }

    /// <summary>CS1: the answer to a fault reported by mail or chat.</summary>
    public static string ReceivedNotice(string id) => $"We have received your report; your repair order number is {id}.";

    /// <summary>P1/P2: the intake must carry everything a technician needs (customer, product, fault, skill).</summary>
    public static Failure? ValidateIntake(ReportFault intake)
    {
        var v = new Validation();
        v.Required("customer.name", intake.Customer.Name)
            .Optional("customer.phone", intake.Customer.Phone, 50)
            .Optional("customer.email", intake.Customer.Email, 254)
            .Required("customer.address", intake.Customer.Address, 500)
            .Position("customer.location", intake.Customer.Location);
        // A message the intake could not read may name nobody to answer: it is kept for the triage queue all the same.
        if (string.IsNullOrWhiteSpace(intake.Customer.Phone) && string.IsNullOrWhiteSpace(intake.Customer.Email) && intake.Inbound is not { Readable: false })
        {
            v.Add("customer.phone", "a phone number or an email address is required to keep the customer informed");
        }

        if (intake.Customer.Email is { Length: > 0 } email && (!email.Contains('@') || email.Contains(' ')))
        {
            v.Add("customer.email", "is not an email address");
        }

        if (intake.Customer.Language is { } language && FieldService.Notifications.NotificationLanguages.Normalize(language) != language)
        {
            v.Add("customer.language", $"must be one of {string.Join(", ", FieldService.Notifications.NotificationLanguages.All)}");
        }

        v.Required("product.model", intake.Product.Model)
            .Required("product.serialNumber", intake.Product.SerialNumber)
            .Required("product.category", intake.Product.Category)
            .Required("fault.description", intake.Fault.Description, Validation.MaxText)
            .Identifier("region", intake.Region)
            .Required("requiredSkill.skill", intake.RequiredSkill.Skill, 64)
            .Range("requiredSkill.level", intake.RequiredSkill.Level, 1, 5)
            .Optional("requirements", intake.Requirements);
        if (intake.CustomerId is not null)
        {
            v.Identifier("customerId", intake.CustomerId);
        }

        if (intake.IncidentType is not null)
        {
            v.Identifier("incidentType", intake.IncidentType);
        }
        if (intake.AgreedArrival is { } window && window.To <= window.From)
        {
            v.Add("agreedArrival.to", "must be after agreedArrival.from");
        }

        return v.ToFailure();
    }
}

/// <summary>P1: an on-site visit is needed (triaged), or the fault was resolved remotely (closed).</summary>
public sealed class TriageRule : CommandRule<Triage>
{
    public override string Action => AuditActions.Triage;

    public override IReadOnlyList<WorkOrderStatus> From => [Reported];

    protected override Failure? Validate(Triage c, DateTimeOffset now, QualityContext? quality)
    {
        var v = new Validation().Optional("notes", c.Notes);
        if (c.AgreedArrival is { } window)
        {
            if (!c.OnSite)
            {
                v.Add("agreedArrival", "is agreed only for an on-site visit");
            }
            else if (window.To <= window.From)
            {
                v.Add("agreedArrival.to", "must be after agreedArrival.from");
            }
            else
            {
                v.Future("agreedArrival.to", window.To, now);
            }
        }

        return v.ToFailure();
    }

    // A window agreed now replaces one given at the report: it is the latest the customer was told.
    protected override WorkOrder Apply(WorkOrder order, Triage c, Actor actor, DateTimeOffset now, QualityContext? quality) => c.OnSite
        ? order with { OnSiteNeeded = true, TriageNotes = c.Notes, TriagedAt = now, Status = Triaged, AgreedArrival = c.AgreedArrival ?? order.AgreedArrival }
        : order with { OnSiteNeeded = false, TriageNotes = c.Notes, TriagedAt = now, Status = Closed, Resolution = "resolved-remotely", ClosedAt = now };

    protected override string? Reason(Triage c, WorkOrder after, QualityContext? quality) =>
        (c.OnSite ? "on-site visit needed" : "resolved remotely") + (c.AgreedArrival is { } agreed ? $"; arrival agreed by {agreed.To:O}" : "")
        + (string.IsNullOrWhiteSpace(c.Notes) ? "" : ": " + c.Notes);

    /// <summary>P4 applies from the agreement (the reports read it as they read the report's).</summary>
    protected override AuditEntryFacts? Facts(Triage c, WorkOrder after) =>
        c.AgreedArrival is { } agreed ? new AuditEntryFacts { AgreedArrivalBy = agreed.To } : null;

    protected override void Clocks(ClockBook clocks, WorkOrder after, Triage c)
    {
        if (!c.OnSite)
        {
            clocks.Stop(ClockKind.Dispatch);
        }
    }
}

/// <summary>CS1: the customer wrote again about an open order; the message joins its thread (the platform's intake only).</summary>
public sealed class AddCustomerMessageRule : CommandRule<AddCustomerMessage>
{
    public override string Action => AuditActions.CustomerMessage;

    public override IReadOnlyList<WorkOrderStatus> From { get; } =
        Enum.GetValues<WorkOrderStatus>().Where(s => s is not (Closed or Cancelled)).ToArray();

    public override StepActor Who => StepActor.Platform;

    protected override Failure? Validate(AddCustomerMessage c, DateTimeOffset now, QualityContext? quality) =>
        new Validation().Required("message.text", c.Message.Text, Validation.MaxText).Required("message.messageId", c.Message.MessageId, 998).ToFailure();

    protected override WorkOrder Apply(WorkOrder order, AddCustomerMessage c, Actor actor, DateTimeOffset now, QualityContext? quality) =>
        order with { Thread = [.. order.Thread, c.Message] };

    // The reason names the channel only: the text is the customer's and stays on the order (H3).
    protected override string? Reason(AddCustomerMessage c, WorkOrder after, QualityContext? quality) => $"the customer wrote again by {Kebab.Of(c.Message.Channel)}";

    protected override string? CustomerNotice(WorkOrder after, AddCustomerMessage command) =>
        $"Your message has been added to your repair order {after.Id}.";
}
