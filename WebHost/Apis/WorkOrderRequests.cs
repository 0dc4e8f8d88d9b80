using System.ComponentModel.DataAnnotations;
using FieldService.WorkOrders;

namespace FieldService.WebHost.Apis;

// Request bodies of the work-order API. Members are nullable so that a missing value is reported as a named
// field (422) rather than as a malformed body; enums and durations arrive as strings for the same reason.
// The bodies carry no status, id, timestamp or actor: clients cannot set those.

public sealed record GeoPointBody([Required, Range(-90, 90)] double? Lat, [Required, Range(-180, 180)] double? Lon)
{
    public GeoPoint? ToGeoPoint(string field, Validation v)
    {
        var prefix = field.Length == 0 ? "" : field + ".";
        if (Lat is null)
        {
            v.Add(prefix + "lat", "is required");
        }

        if (Lon is null)
        {
            v.Add(prefix + "lon", "is required");
        }

        var point = Lat is { } lat && Lon is { } lon ? new GeoPoint(lat, lon) : null;
        v.Position(field.Length == 0 ? "location" : field, point);
        return point;
    }
}

// Phone and email are each optional, but one of them is required (checked by the intake's validation).
public sealed record CustomerBody(
    [Required, MaxLength(Validation.MaxName)] string? Name,
    [MaxLength(50)] string? Phone,
    [MaxLength(254)] string? Email,
    [Required, MaxLength(500)] string? Address,
    GeoPointBody? Location,
    [MaxLength(10)] string? Language = null);

public sealed record ProductBody(
    [Required, MaxLength(Validation.MaxName)] string? Model,
    [Required, MaxLength(Validation.MaxName)] string? SerialNumber,
    [Required, MaxLength(Validation.MaxName)] string? Category,
    bool? Critical);

public sealed record FaultBody([Required, MaxLength(Validation.MaxText)] string? Description, [Required, KebabEnum(typeof(Channel))] string? Channel);

public sealed record SkillBody([Required, MaxLength(64)] string? Skill, [Required, Range(1, 5)] int? Level);

public sealed record TimeWindowBody([Required] DateTimeOffset? From, [Required] DateTimeOffset? To)
{
    /// <summary>The window, or null with what is missing added to <paramref name="v"/> by field (<c>{field}.from</c>).</summary>
    public TimeWindow? ToWindow(string field, Validation v)
    {
        if (From is null)
        {
            v.Add($"{field}.from", "is required");
        }

        if (To is null)
        {
            v.Add($"{field}.to", "is required");
        }

        return From is { } from && To is { } to ? new TimeWindow(from, to) : null;
    }
}

/// <summary>P1: a fault report as customer service records it.</summary>
public sealed record ReportFaultRequest(
    [Required] CustomerBody? Customer,
    [Required] ProductBody? Product,
    [Required] FaultBody? Fault,
    [Required, KebabEnum(typeof(Priority))] string? Priority,
    [Required, MaxLength(64)] string? Region,
    [Required] SkillBody? RequiredSkill,
    [MaxLength(Validation.MaxText)] string? Requirements,
    TimeWindowBody? AgreedArrival,
    [MaxLength(64)] string? CustomerId,
    [MaxLength(64)] string? IncidentType)
{
    public Result<ReportFault> ToCommand()
    {
        var v = new Validation();
        Required(Customer, "customer", v);
        Required(Product, "product", v);
        Required(Fault, "fault", v);
        Required(RequiredSkill, "requiredSkill", v);
        var location = Customer?.Location?.ToGeoPoint("customer.location", v);
        var channel = EnumField.Parse<Channel>(Fault?.Channel, "fault.channel", v, required: Fault is not null);
        var priority = EnumField.Parse<Priority>(Priority, "priority", v);
        if (RequiredSkill is not null && RequiredSkill.Level is null)
        {
            v.Add("requiredSkill.level", "is required");
        }

        var window = AgreedArrival?.ToWindow("agreedArrival", v);

        if (v.ToFailure() is { } invalid)
        {
            return invalid;
        }

        return Result<ReportFault>.Ok(new ReportFault(
            new Customer(Customer!.Name ?? "", Customer.Phone, Customer.Email, Customer.Address ?? "", location,
                FieldService.Notifications.NotificationLanguages.Normalize(Customer.Language) ?? Customer.Language),
            new Product(Product!.Model ?? "", Product.SerialNumber ?? "", Product.Category ?? "", Product.Critical ?? false),
            new Fault(Fault!.Description ?? "", channel!.Value),
            priority!.Value,
            Region ?? "",
            new SkillRequirement(RequiredSkill!.Skill ?? "", RequiredSkill.Level!.Value),
            Requirements,
            window,
            Paging.Filter(CustomerId),
            Paging.Filter(IncidentType)));
    }

    private static void Required(object? value, string field, Validation v)
    {
        if (value is null)
        {
            v.Add(field, "is required");
        }
    }
}


[CommandRoute("triage", "P1: on-site visit needed, or resolved remotely (closes)")]
public sealed record TriageRequest([Required] bool? OnSite, [MaxLength(Validation.MaxText)] string? Notes, TimeWindowBody? AgreedArrival = null)
    : ICommandRequest<WorkOrderCommand>
{
    public Result<WorkOrderCommand> ToCommand(string route)
    {
        var v = new Validation();
        if (OnSite is null)
        {
            v.Add("onSite", "is required: true when a technician must go on site, false when resolved remotely");
        }

        var window = AgreedArrival?.ToWindow("agreedArrival", v);
        return v.ToFailure() is { } invalid ? invalid : Result<WorkOrderCommand>.Ok(new Triage(OnSite!.Value, Notes, window));
    }
}

/// <summary>P2: with a technician, a manual assignment (the reason is recorded); without one, a request for automatic dispatch.</summary>
[CommandRoute("dispatch", "P2: offer the order to the technician named (manual assignment, reason recorded), or without one let automatic dispatch choose")]
public sealed record DispatchOrderRequest([MaxLength(64)] string? TechnicianId, [MaxLength(1000)] string? Reason) : ICommandRequest<WorkOrderCommand>
{
    public Result<WorkOrderCommand> ToCommand(string route) => TechnicianId is null
        ? Result<WorkOrderCommand>.Ok(new RequestDispatch(Reason))
        : Result<WorkOrderCommand>.Ok(new Dispatch(TechnicianId, Reason));
}

[CommandRoute("pull-back", "P2: take the order back from its technician; it waits, held, for a dispatcher")]
public sealed record PullBackRequest([Required, MaxLength(1000)] string? Reason) : ICommandRequest<WorkOrderCommand>
{
    public Result<WorkOrderCommand> ToCommand(string route) => Result<WorkOrderCommand>.Ok(new PullBack(Reason ?? ""));
}

/// <summary>P2: move the order from its technician to another; the reason is required and recorded.</summary>
[CommandRoute("reassign", "P2: move the order from its technician (offered, accepted or en route) to another one, who gets a fresh offer; reason recorded")]
public sealed record ReassignRequest([Required, MaxLength(64)] string? TechnicianId, [Required, MaxLength(1000)] string? Reason) : ICommandRequest<WorkOrderCommand>
{
    public Result<WorkOrderCommand> ToCommand(string route) => Result<WorkOrderCommand>.Ok(new Reassign(TechnicianId ?? "", Reason ?? ""));
}

[CommandRoute("decline", "P3: the technician declines; the order returns to dispatch")]
public sealed record DeclineRequest([Required, MaxLength(1000)] string? Reason) : ICommandRequest<WorkOrderCommand>
{
    public Result<WorkOrderCommand> ToCommand(string route) => Result<WorkOrderCommand>.Ok(new DeclineOffer(Reason ?? ""));
}

[CommandRoute("en-route", "P4: the technician sets off")]
public sealed record EnRouteRequest(DateTimeOffset? Eta) : ICommandRequest<WorkOrderCommand>
{
    public Result<WorkOrderCommand> ToCommand(string route) => Result<WorkOrderCommand>.Ok(new StartTravel(Eta));
}

[CommandRoute("delay", "P4: announce in advance that the agreed time cannot be kept")]
public sealed record DelayRequest([Required] DateTimeOffset? NewEta, [Required, MaxLength(1000)] string? Reason) : ICommandRequest<WorkOrderCommand>
{
    public Result<WorkOrderCommand> ToCommand(string route) => NewEta is { } eta
        ? Result<WorkOrderCommand>.Ok(new AnnounceDelay(eta, Reason ?? ""))
        : Failure.Invalid("newEta", "is required");
}

public sealed record EstimateBody([Required] string? Duration, [Required] decimal? Cost);

[CommandRoute("diagnosis", "P5: the cause, with time and cost estimate for complex faults")]
public sealed record DiagnosisRequest([Required, MaxLength(Validation.MaxText)] string? Cause, bool? Complex, EstimateBody? Estimate, IReadOnlyList<PartBody?>? Parts = null) : ICommandRequest<WorkOrderCommand>
{
    public Result<WorkOrderCommand> ToCommand(string route)
    {
        var v = new Validation();
        Estimate? estimate = null;
        if (Estimate is { } e)
        {
            TimeSpan? duration = null;
            if (string.IsNullOrWhiteSpace(e.Duration))
            {
                v.Add("estimate.duration", "is required (ISO 8601, e.g. PT2H30M)");
            }
            else
            {
                try
                {
                    duration = System.Xml.XmlConvert.ToTimeSpan(e.Duration);
                }
                catch (FormatException)
                {
                    v.Add("estimate.duration", "must be an ISO 8601 duration such as PT2H30M");
                }
                catch (OverflowException)
                {
                    // Longer than TimeSpan can hold (P100000Y): far beyond the longest estimate the rules accept.
                    v.Add("estimate.duration", $"must be at most {(int)Validation.MaxDuration.TotalDays} days");
                }
            }

            if (e.Cost is null)
            {
                v.Add("estimate.cost", "is required");
            }

            estimate = duration is { } d && e.Cost is { } cost ? new Estimate(d, cost) : null;
        }

        return v.ToFailure() is { } invalid
            ? invalid
            : Result<WorkOrderCommand>.Ok(new Diagnose(Cause ?? "", Complex ?? false, estimate,
                Parts?.Select(p => new PartNeed(p?.Sku ?? "", p?.Quantity ?? 0, p?.Description)).ToArray()));
    }
}

[CommandRoute("progress", "P6: report progress to customer service")]
public sealed record ProgressRequest([Required, MaxLength(Validation.MaxText)] string? Note) : ICommandRequest<WorkOrderCommand>
{
    public Result<WorkOrderCommand> ToCommand(string route) => Result<WorkOrderCommand>.Ok(new ReportProgress(Note ?? ""));
}

public sealed record PartBody([Required, MaxLength(64)] string? Sku, [Required, Range(1, 10_000)] int? Quantity, [MaxLength(Validation.MaxName)] string? Description);

[CommandRoute("await-parts", "P6: the repair waits for parts")]
public sealed record AwaitPartsRequest([Required] IReadOnlyList<PartBody?>? Parts) : ICommandRequest<WorkOrderCommand>
{
    public Result<WorkOrderCommand> ToCommand(string route)
    {
        var parts = (Parts ?? []).Select(p => new PartNeed(p?.Sku ?? "", p?.Quantity ?? 0, p?.Description)).ToArray();
        return Result<WorkOrderCommand>.Ok(new AwaitParts(parts));
    }
}

public sealed record CheckResultBody([Required] string? ItemId, [Required] bool? Passed, string? Note);

/// <summary>Q3: the results of a checklist, item by item; a missing answer is a named 422, never a guess.</summary>
internal static class Checklists
{
    public static IReadOnlyList<CheckResult> Read(IReadOnlyList<CheckResultBody?>? items, string field, Validation v)
    {
        if (items is null || items.Count == 0)
        {
            v.Add(field, "is required: every item of the product category's standard, with passed true or false (Q3)");
            return [];
        }

        var results = new List<CheckResult>();
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i]?.Passed is not { } passed)
            {
                v.Add($"{field}[{i}].passed", "is required");
                continue;
            }

            results.Add(new CheckResult(items[i]!.ItemId ?? "", passed, items[i]!.Note));
        }

        return results;
    }
}

[CommandRoute("complete", "P7/Q3: repaired and self-checked item by item against the category's standard; goes to awaiting-inspection when Q3 requires an inspection")]
public sealed record CompleteRequest([Required] IReadOnlyList<CheckResultBody?>? Checklist, [MaxLength(Validation.MaxText)] string? Notes) : ICommandRequest<WorkOrderCommand>
{
    public Result<WorkOrderCommand> ToCommand(string route)
    {
        var v = new Validation();
        var results = Checklists.Read(Checklist, "checklist", v);
        return v.ToFailure() is { } invalid ? invalid : Result<WorkOrderCommand>.Ok(new Complete(results, Notes));
    }
}

[CommandRoute("inspection", "Q3/Q4: the inspector's verdict item by item; a failed item sends the repair back for rework")]
public sealed record InspectionRequest([Required] IReadOnlyList<CheckResultBody?>? Results, [MaxLength(Validation.MaxText)] string? Notes) : ICommandRequest<WorkOrderCommand>
{
    public Result<WorkOrderCommand> ToCommand(string route)
    {
        var v = new Validation();
        var results = Checklists.Read(Results, "results", v);
        return v.ToFailure() is { } invalid ? invalid : Result<WorkOrderCommand>.Ok(new RecordInspection(results, Notes));
    }
}

[CommandRoute("claims", "Q4: file a compensation claim for a loss the repair caused")]
public sealed record ClaimRequest([Required, Range(0, 10_000_000)] decimal? Amount, [Required, MaxLength(Validation.MaxText)] string? Reason) : ICommandRequest<WorkOrderCommand>
{
    public Result<WorkOrderCommand> ToCommand(string route) => Amount is { } amount
        ? Result<WorkOrderCommand>.Ok(new FileClaim(amount, Reason ?? ""))
        : Failure.Invalid("amount", "is required");
}

[CommandRoute("claim-decision", "Q4: decide a claim (amount approved, responsible technician)")]
public sealed record ClaimDecisionRequest([Required] int? Number, [Required] bool? Approved, decimal? AmountApproved, [MaxLength(64)] string? ResponsibleTechnicianId, [Required, MaxLength(Validation.MaxText)] string? Notes) : ICommandRequest<WorkOrderCommand>
{
    public Result<WorkOrderCommand> ToCommand(string route)
    {
        var v = new Validation();
        if (Number is null)
        {
            v.Add("number", "is required: the number of the claim decided");
        }

        if (Approved is null)
        {
            v.Add("approved", "is required");
        }

        return v.ToFailure() is { } invalid
            ? invalid
            : Result<WorkOrderCommand>.Ok(new DecideClaim(Number!.Value, Approved!.Value, AmountApproved, ResponsibleTechnicianId, Notes ?? ""));
    }
}

[CommandRoute("support-requests", "TS1: escalate a hard fault to technical support")]
public sealed record SupportRequestBody([Required, MaxLength(Validation.MaxText)] string? Question) : ICommandRequest<WorkOrderCommand>
{
    public Result<WorkOrderCommand> ToCommand(string route) => Result<WorkOrderCommand>.Ok(new RequestSupport(Question ?? ""));
}

[CommandRoute("support-answer", "TS1: technical support answers a request")]
public sealed record SupportAnswerRequest([Required] int? Number, [Required, MaxLength(Validation.MaxText)] string? Answer) : ICommandRequest<WorkOrderCommand>
{
    public Result<WorkOrderCommand> ToCommand(string route) => Number is { } number
        ? Result<WorkOrderCommand>.Ok(new AnswerSupport(number, Answer ?? ""))
        : Failure.Invalid("number", "is required: the number of the support request answered");
}

[CommandRoute("acceptance", "P7: the customer signs the work order")]
public sealed record AcceptanceRequest(
    [Required, MaxLength(Validation.MaxName)] string? SignedBy,
    [Required, MaxLength(WorkOrderLimits.MaxSignatureLength)] string? Signature) : ICommandRequest<WorkOrderCommand>
{
    public Result<WorkOrderCommand> ToCommand(string route) => Result<WorkOrderCommand>.Ok(new RecordAcceptance(SignedBy ?? "", Signature ?? ""));
}

/// <summary>P9: the survey; <paramref name="Answers"/> maps question ids (GET /api/callbacks/questions) to answers.</summary>
[CommandRoute("callback", "P9: the callback survey; closes the order")]
public sealed record CallbackRequest([Required, Range(1, 5)] int? Satisfaction, [MaxLength(Validation.MaxText)] string? Comments, [MaxLength(Validation.MaxText)] string? Complaint, Dictionary<string, string?>? Answers = null) : ICommandRequest<WorkOrderCommand>
{
    public Result<WorkOrderCommand> ToCommand(string route) => Satisfaction is { } satisfaction
        ? Result<WorkOrderCommand>.Ok(new RecordCallback(satisfaction, Comments, Complaint,
            Answers?.Select(a => new SurveyAnswer(a.Key, a.Value ?? "")).ToArray()))
        : Failure.Invalid("satisfaction", "is required (1–5)");
}

[CommandRoute("contact", "E2: the technician contacted the customer (stops the 30-minute clock)")]
public sealed record ContactRequest([Required, MaxLength(50)] string? Channel, [MaxLength(Validation.MaxText)] string? Notes) : ICommandRequest<WorkOrderCommand>
{
    public Result<WorkOrderCommand> ToCommand(string route) => Result<WorkOrderCommand>.Ok(new ContactCustomer(Channel ?? "", Notes));
}

[CommandRoute("review", "E3: the post-incident review of an emergency (needed before it closes)")]
public sealed record ReviewRequest([Required, MaxLength(Validation.MaxText)] string? Causes, [Required, MaxLength(Validation.MaxText)] string? Shortfalls, [Required, MaxLength(Validation.MaxText)] string? PlanChanges) : ICommandRequest<WorkOrderCommand>
{
    public Result<WorkOrderCommand> ToCommand(string route) => Result<WorkOrderCommand>.Ok(new RecordReview(Causes ?? "", Shortfalls ?? "", PlanChanges ?? ""));
}

[CommandRoute("cancel", "Withdraw an open order")]
public sealed record CancelRequest([Required, MaxLength(1000)] string? Reason) : ICommandRequest<WorkOrderCommand>
{
    public Result<WorkOrderCommand> ToCommand(string route) => Result<WorkOrderCommand>.Ok(new Cancel(Reason ?? ""));
}

[CommandRoute("accept", "P3: the technician confirms the order", Body = false)]
public sealed record AcceptRequest : ICommandRequest<WorkOrderCommand>
{
    public Result<WorkOrderCommand> ToCommand(string route) => Result<WorkOrderCommand>.Ok(new Accept());
}

[CommandRoute("arrive", "P4: the technician is on site", Body = false)]
public sealed record ArriveRequest : ICommandRequest<WorkOrderCommand>
{
    public Result<WorkOrderCommand> ToCommand(string route) => Result<WorkOrderCommand>.Ok(new Arrive());
}

[CommandRoute("start-repair", "P6: start (or resume) the repair", Body = false)]
public sealed record StartRepairRequest : ICommandRequest<WorkOrderCommand>
{
    public Result<WorkOrderCommand> ToCommand(string route) => Result<WorkOrderCommand>.Ok(new StartRepair());
}

[CommandRoute("cleanup", "P8: the site is cleaned up", Body = false)]
public sealed record CleanUpRequest : ICommandRequest<WorkOrderCommand>
{
    public Result<WorkOrderCommand> ToCommand(string route) => Result<WorkOrderCommand>.Ok(new CleanUp());
}
