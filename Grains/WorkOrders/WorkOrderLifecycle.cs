using FieldService.Audit;
using FieldService.Clocks;
using FieldService.Escalations;
using FieldService.Grains.Clocks;
using FieldService.Grains.Common;
using FieldService.WorkOrders;
using static FieldService.WorkOrders.WorkOrderStatus;

namespace FieldService.Grains.WorkOrders;

/// <summary>
/// The rules of the repair process (P1–P9) as pure decisions: given the order as it stands, a command, who gives
/// it and when, either the order after the step plus its history entry, or the reason nothing changes.
/// Order of checks: unknown order or one the caller may not act on (404), then the step's legality in the current
/// state (409), then the values (422).
/// </summary>
public static class WorkOrderLifecycle
{
    /// <summary>Longest signature image accepted, in characters of its data URL or base64 text.</summary>
    public const int MaxSignatureLength = WorkOrderLimits.MaxSignatureLength;

    public const string SubjectType = "work-order";

    /// <summary>Q4: from the technician's arrival on, the repair can cause a loss (a claim) — also after the order closed.</summary>
    private static readonly WorkOrderStatus[] AfterArrival =
        [OnSite, Diagnosed, InRepair, AwaitingParts, AwaitingInspection, Completed, CustomerAccepted, CleanedUp, Closed];

    /// <summary>The states a command may be given in, and the state it leads to (null: the state stays).</summary>
    private static readonly Dictionary<Type, (string Action, WorkOrderStatus[] From, WorkOrderStatus? To)> Steps = new()
    {
        [typeof(Triage)] = ("triage", [Reported], null), // Triaged, or Closed when resolved remotely
        [typeof(Dispatch)] = ("dispatch", [Triaged], Dispatched),
        [typeof(RequestDispatch)] = ("request-dispatch", [Triaged], null),
        [typeof(PullBack)] = ("pull-back", [Dispatched, Accepted, EnRoute], Triaged),
        [typeof(Accept)] = ("accept", [Dispatched], Accepted),
        [typeof(DeclineOffer)] = ("decline", [Dispatched], Triaged),
        [typeof(StartTravel)] = ("en-route", [Accepted], EnRoute),
        [typeof(AnnounceDelay)] = ("delay", [Accepted, EnRoute], null),
        [typeof(Arrive)] = ("arrive", [EnRoute], OnSite),
        [typeof(Diagnose)] = ("diagnosis", [OnSite], Diagnosed),
        [typeof(StartRepair)] = ("start-repair", [Diagnosed, AwaitingParts], InRepair),
        [typeof(ReportProgress)] = ("progress", [Diagnosed, InRepair, AwaitingParts], null),
        [typeof(AwaitParts)] = ("await-parts", [Diagnosed, InRepair], AwaitingParts),
        [typeof(Complete)] = ("complete", [InRepair], null), // AwaitingInspection or Completed (Q3)
        [typeof(RecordInspection)] = ("inspection", [AwaitingInspection], null), // Completed, or InRepair for rework (Q4)
        [typeof(RecordAcceptance)] = ("acceptance", [Completed], CustomerAccepted),
        [typeof(CleanUp)] = ("cleanup", [CustomerAccepted], CleanedUp),
        [typeof(RecordCallback)] = ("callback", [CleanedUp], Closed),
        [typeof(ContactCustomer)] = ("contact", [Dispatched, Accepted, EnRoute, OnSite], null),
        [typeof(RecordReview)] = ("review", [AwaitingInspection, Completed, CustomerAccepted, CleanedUp], null),
        [typeof(FileClaim)] = ("claim", AfterArrival, null),
        [typeof(DecideClaim)] = ("claim-decision", AfterArrival, null),
        [typeof(RequestSupport)] = ("support-request", [OnSite, Diagnosed, InRepair, AwaitingParts], null),
        [typeof(AnswerSupport)] = ("support-answer", [.. AfterArrival, Cancelled], null),
        [typeof(WithdrawOffer)] = ("withdraw-offer", [Dispatched], Triaged),
        [typeof(RecordPartsReserved)] = ("parts-reserved", [AwaitingParts], null),
        [typeof(RecordPartsUsed)] = ("parts-used", [Diagnosed, InRepair, AwaitingParts, AwaitingInspection, Completed, CustomerAccepted], null),
        [typeof(Cancel)] = ("cancel",
            [Reported, Triaged, Dispatched, Accepted, EnRoute, OnSite, Diagnosed, InRepair, AwaitingParts, AwaitingInspection, Completed, CustomerAccepted, CleanedUp],
            Cancelled),
    };

    /// <summary>P2: the order waits for automatic dispatch: triaged for an on-site visit, with nobody offered it, not held.</summary>
    public static bool AwaitsDispatch(WorkOrder? order) =>
        order is { Status: Triaged, OnSiteNeeded: true, TechnicianId: null, DispatchHeld: false };

    /// <summary>True while a technician holds (or is offered) the order and counts it in their load.</summary>
    public static bool OccupiesTechnician(WorkOrderStatus status) =>
        status is Dispatched or Accepted or EnRoute or OnSite or Diagnosed or InRepair or AwaitingParts or AwaitingInspection or Completed
            or CustomerAccepted;

    /// <summary>P1: records a reported fault as a new order; with <paramref name="terms"/>, its P2 clock starts.</summary>
    public static Result<WorkOrderChange> Report(
        string id, WorkOrder? existing, ReportFault intake, Actor actor, DateTimeOffset now, SlaTerms? terms = null, EmergencyPlan? plan = null)
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
        };
        if (terms is not null)
        {
            order = order with { Clocks = SlaClocks.AtReport(order, terms) };
        }

        // The reason says what the report's clocks depend on (priority, agreed arrival), so the compliance report can
        // be recomputed from the audit trail alone.
        var arrival = intake.AgreedArrival is { } agreed ? $"; arrival agreed by {agreed.To:O}" : "";
        var entry = new AuditEntry(SubjectType, id, 1, now, actor, "report", null, Kebab.Of(Reported),
            $"{Kebab.Of(intake.Priority)} fault reported by {Kebab.Of(intake.Fault.Channel)}{arrival}", id, null);
        return Result<WorkOrderChange>.Ok(new WorkOrderChange(order, entry) { Effects = WorkOrderEffects.Of(null, order, null, actor) });
    }

    /// <summary>P1/P2: the intake must carry everything a technician needs (customer, product, fault, skill).</summary>
    public static Failure? ValidateIntake(ReportFault intake)
    {
        var v = new Validation();
        v.Required("customer.name", intake.Customer.Name)
            .Optional("customer.phone", intake.Customer.Phone, 50)
            .Optional("customer.email", intake.Customer.Email, 254)
            .Required("customer.address", intake.Customer.Address, 500)
            .Position("customer.location", intake.Customer.Location);
        if (string.IsNullOrWhiteSpace(intake.Customer.Phone) && string.IsNullOrWhiteSpace(intake.Customer.Email))
        {
            v.Add("customer.phone", "a phone number or an email address is required to keep the customer informed");
        }

        if (intake.Customer.Email is { Length: > 0 } email && (!email.Contains('@') || email.Contains(' ')))
        {
            v.Add("customer.email", "is not an email address");
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

    /// <summary>Decides one lifecycle step; with <paramref name="terms"/>, the order's clocks follow it. A completion or an
    /// inspection needs <paramref name="quality"/>: the standard it is checked against (and, for a completion, whether
    /// it must be inspected).</summary>
    public static Result<WorkOrderChange> Decide(
        string id, WorkOrder? order, WorkOrderCommand command, Actor actor, DateTimeOffset now, SlaTerms? terms = null, QualityContext? quality = null)
    {
        if (order is null)
        {
            return Failure.NotFound($"No work order {id}.");
        }

        if (Refusal(id, order, command.GetType(), actor) is { } refused)
        {
            return refused;
        }

        var (action, _, to) = Steps[command.GetType()];
        if (command is Complete or RecordInspection && quality is null)
        {
            throw new InvalidOperationException($"'{action}' is decided against a standard: pass the quality context.");
        }

        if (Conflicting(id, order, command) is { } conflict)
        {
            return conflict;
        }

        if ((Validate(command, now) ?? QualityRules.ValidateChecklist(command, quality?.Standard)) is { } invalid)
        {
            return invalid;
        }

        var next = Apply(order, command, actor, now, quality) with
        {
            Version = order.Version + 1,
            UpdatedAt = now,
        };
        if (to is { } target)
        {
            next = next with { Status = target };
        }

        if (terms is not null)
        {
            next = next with { Clocks = SlaClocks.AfterStep(order, next, command, terms, now) };
        }

        if (CustomerNotice(next, command) is { } text)
        {
            next = next with { Notifications = [.. next.Notifications, new Notification("customer", CustomerChannel(next), text, now)] };
        }

        var technician = next.TechnicianId ?? order.TechnicianId;
        var entry = new AuditEntry(SubjectType, id, next.Version, now, actor, action, Kebab.Of(order.Status),
            Kebab.Of(next.Status), QualityRules.ReasonOf(command, next, quality) ?? ReasonOf(command), id, technician);
        return Result<WorkOrderChange>.Ok(new WorkOrderChange(next, entry) { Effects = WorkOrderEffects.Of(order, next, command, actor) });
    }

    /// <summary>The action name a command of this type is recorded and routed under.</summary>
    public static string ActionOf(Type step) => Steps[step].Action;

    /// <summary>
    /// The steps the caller may take on the order as it stands (their action names, each once): the same checks as
    /// <see cref="Decide"/> makes before it looks at a command's values, plus, for a step on a claim or a support
    /// request, that one is still open. Which role may call which endpoint is the web host's to add on top.
    /// </summary>
    public static IReadOnlyList<string> AllowedActions(WorkOrder order, Actor actor) =>
        Steps.Where(step => Refusal(order.Id, order, step.Key, actor) is null && Open(order, step.Key).Any())
            .Select(step => step.Value.Action)
            .Distinct()
            .ToArray();

    /// <summary>Why a step of this type cannot be taken on the order by this caller, whatever the command's values:
    /// the caller may not act on it (404), it is not in a state the step leaves from, or a state-only guard
    /// (E3, Q3) refuses it (409). Null when the step may be taken. Shared by <see cref="Decide"/> and
    /// <see cref="AllowedActions"/> so that what a read offers is what a command gets.</summary>
    private static Failure? Refusal(string id, WorkOrder order, Type step, Actor actor)
    {
        // An order the caller may not act on is answered like one that does not exist: no hint that it does.
        if (!WorkOrderAccess.MayTake(order, step, actor))
        {
            return Failure.NotFound($"No work order {id}.");
        }

        var (action, from, _) = Steps[step];
        if (!from.Contains(order.Status))
        {
            return Failure.Conflict(
                $"Cannot {action} work order {id}: it is {Kebab.Of(order.Status)}; '{action}' is allowed only when it is {string.Join(" or ", from.Select(Kebab.Of))}.",
                Kebab.Of(order.Status));
        }

        // E3: an emergency is closed only once its post-incident review is on record.
        if (step == typeof(RecordCallback) && order.Priority == Priority.Emergency && order.Review is null)
        {
            return Failure.Conflict(
                $"Cannot close emergency work order {id} before its post-incident review is recorded (E3).", Kebab.Of(order.Status));
        }

        if (step == typeof(RecordInspection) && actor.TechnicianId is { } self && self == order.TechnicianId)
        {
            return Failure.Conflict($"{self} repaired work order {id} and cannot inspect it (Q3: a designated inspector inspects).", Kebab.Of(order.Status));
        }

        return null;
    }

    /// <summary>The numbers of the claims or support requests a step of this type can still decide or answer; one
    /// placeholder for every other step, which needs no such item.</summary>
    private static IEnumerable<int> Open(WorkOrder order, Type step) =>
        step == typeof(DecideClaim) ? order.Claims.Where(c => c.Decision is null).Select(c => c.Number)
        : step == typeof(AnswerSupport) ? order.SupportRequests.Where(r => r.Answer is null).Select(r => r.Number)
        : [0];

    /// <summary>Steps on a claim or a support request that does not exist (404) or was already decided (409).</summary>
    private static Failure? Conflicting(string id, WorkOrder order, WorkOrderCommand command)
    {
        switch (command)
        {
            case DecideClaim c when order.Claims.All(x => x.Number != c.Number):
                return Failure.NotFound($"Work order {id} has no claim {c.Number}.");
            case DecideClaim c when !Open(order, typeof(DecideClaim)).Contains(c.Number):
                return Failure.Conflict($"Claim {c.Number} of work order {id} is already decided.", Kebab.Of(order.Status));
            case AnswerSupport c when order.SupportRequests.All(x => x.Number != c.Number):
                return Failure.NotFound($"Work order {id} has no support request {c.Number}.");
            case AnswerSupport c when !Open(order, typeof(AnswerSupport)).Contains(c.Number):
                return Failure.Conflict($"Support request {c.Number} of work order {id} is already answered.", Kebab.Of(order.Status));
            default:
                return null;
        }
    }

    private static Failure? Validate(WorkOrderCommand command, DateTimeOffset now)
    {
        var v = new Validation();
        switch (command)
        {
            case Triage c:
                v.Optional("notes", c.Notes);
                break;
            case Dispatch c:
                v.Identifier("technicianId", c.TechnicianId).Optional("reason", c.Reason, 1000);
                break;
            case RequestDispatch c:
                v.Optional("reason", c.Reason, 1000);
                break;
            case PullBack c:
                v.Required("reason", c.Reason, 1000);
                break;
            case DeclineOffer c:
                v.Required("reason", c.Reason, 1000);
                break;
            case StartTravel { Eta: { } eta }:
                v.Future("eta", eta, now);
                break;
            case AnnounceDelay c:
                v.Required("reason", c.Reason, 1000).Future("newEta", c.NewEta, now);
                break;
            case Diagnose c:
                v.Required("cause", c.Cause, Validation.MaxText);
                ValidateParts(v, c.Parts ?? [], required: false);
                if (c.Complex && c.Estimate is null)
                {
                    v.Add("estimate", "is required for a complex fault (P5: estimate time and cost)");
                }

                if (c.Estimate is { } estimate)
                {
                    v.Duration("estimate.duration", estimate.Duration);
                    if (estimate.Cost < 0)
                    {
                        v.Add("estimate.cost", "must not be negative");
                    }
                }

                break;
            case ReportProgress c:
                v.Required("note", c.Note, Validation.MaxText);
                break;
            case AwaitParts c:
                ValidateParts(v, c.Parts, required: true);
                break;
            case Complete c:
                v.Optional("notes", c.Notes);
                break;
            case RecordInspection c:
                v.Optional("notes", c.Notes);
                if (c.Results.Any(r => !r.Passed) && string.IsNullOrWhiteSpace(c.Notes))
                {
                    v.Add("notes", "say what must be reworked when an item fails (Q4)");
                }

                break;
            case FileClaim c:
                v.Required("reason", c.Reason, Validation.MaxText);
                if (c.Amount is <= 0 or > 10_000_000)
                {
                    v.Add("amount", "must be more than 0 and at most 10,000,000");
                }

                break;
            case DecideClaim c:
                v.Required("notes", c.Notes, Validation.MaxText);
                if (c.ResponsibleTechnicianId is not null)
                {
                    v.Identifier("responsibleTechnicianId", c.ResponsibleTechnicianId);
                }

                if (c.Approved && c.AmountApproved is null)
                {
                    v.Add("amountApproved", "is required when the claim is approved");
                }

                if (c.AmountApproved is < 0)
                {
                    v.Add("amountApproved", "must not be negative");
                }

                break;
            case RequestSupport c:
                v.Required("question", c.Question, Validation.MaxText);
                break;
            case AnswerSupport c:
                v.Required("answer", c.Answer, Validation.MaxText);
                break;
            case RecordAcceptance c:
                v.Required("signedBy", c.SignedBy).Required("signature", c.Signature, MaxSignatureLength);
                break;
            case RecordCallback c:
                v.Range("satisfaction", c.Satisfaction, 1, 5).Optional("comments", c.Comments).Optional("complaint", c.Complaint);
                ValidateAnswers(v, c.Answers ?? []);
                break;
            case Cancel c:
                v.Required("reason", c.Reason, 1000);
                break;
            case ContactCustomer c:
                v.Required("channel", c.Channel, 50).Optional("notes", c.Notes);
                break;
            case RecordReview c:
                v.Required("causes", c.Causes, Validation.MaxText)
                    .Required("shortfalls", c.Shortfalls, Validation.MaxText)
                    .Required("planChanges", c.PlanChanges, Validation.MaxText);
                break;
        }

        return v.ToFailure();
    }

    /// <summary>P9: each answer names a survey question once and answers it in that question's form.</summary>
    private static void ValidateAnswers(Validation v, IReadOnlyList<SurveyAnswer> answers)
    {
        for (var i = 0; i < answers.Count; i++)
        {
            var (questionId, answer) = (answers[i].QuestionId, answers[i].Answer);
            var question = FieldService.Callbacks.CallbackSurveyQuestions.All.FirstOrDefault(q => q.Id == questionId);
            if (question is null)
            {
                v.Add($"answers.{questionId}", "is not a question of the callback survey");
            }
            else if (question.Answer == FieldService.Callbacks.CallbackSurveyQuestions.YesNo ? answer is not ("yes" or "no") : answer is not ("1" or "2" or "3" or "4" or "5"))
            {
                v.Add($"answers.{questionId}", question.Answer == FieldService.Callbacks.CallbackSurveyQuestions.YesNo ? "must be yes or no" : "must be 1 to 5");
            }
        }
    }

    private static void ValidateParts(Validation v, IReadOnlyList<PartNeed> parts, bool required)
    {
        if (required && parts.Count == 0)
        {
            v.Add("parts", "must name at least one part");
        }

        for (var i = 0; i < parts.Count; i++)
        {
            v.Identifier($"parts[{i}].sku", parts[i].Sku)
                .Range($"parts[{i}].quantity", parts[i].Quantity, 1, 10_000)
                .Optional($"parts[{i}].description", parts[i].Description, Validation.MaxName);
        }
    }

    /// <summary>Adds <paramref name="line"/> to the lines of its bin; a line that comes to zero disappears.</summary>
    private static IReadOnlyList<PartLine> Merge(IReadOnlyList<PartLine> lines, PartLine line)
    {
        var total = lines.Where(l => l.Location == line.Location && l.Sku == line.Sku).Sum(l => l.Quantity) + line.Quantity;
        var others = lines.Where(l => l.Location != line.Location || l.Sku != line.Sku);
        return total == 0 ? others.ToArray() : [.. others, line with { Quantity = total }];
    }

    private static WorkOrder Apply(WorkOrder order, WorkOrderCommand command, Actor actor, DateTimeOffset now, QualityContext? quality = null) => command switch
    {
        Triage { OnSite: true } c => order with { OnSiteNeeded = true, TriageNotes = c.Notes, TriagedAt = now, Status = Triaged },
        Triage c => order with
        {
            OnSiteNeeded = false, TriageNotes = c.Notes, TriagedAt = now, Status = Closed, Resolution = "resolved-remotely", ClosedAt = now,
        },
        Dispatch c => order with { TechnicianId = c.TechnicianId, DispatchedAt = now, AcceptedAt = null, DispatchHeld = false },
        RequestDispatch => order with { DispatchHeld = false },
        PullBack => order with { TechnicianId = null, DispatchedAt = null, AcceptedAt = null, EnRouteAt = null, DispatchHeld = true },
        Accept => order with { AcceptedAt = now },
        DeclineOffer c => order with
        {
            Declines = [.. order.Declines, new DeclinedOffer(order.TechnicianId!, c.Reason, now)],
            TechnicianId = null,
            DispatchedAt = null,
        },
        StartTravel c => order with { EnRouteAt = now, Eta = c.Eta ?? order.Eta },
        AnnounceDelay c => order with { Eta = c.NewEta, Delays = [.. order.Delays, new Delay(c.NewEta, c.Reason, now, actor.Id)] },
        Arrive => order with { ArrivedAt = now },
        Diagnose c => order with { Diagnosis = new Diagnosis(c.Cause, c.Complex, c.Estimate, now, actor.Id, c.Parts is { Count: > 0 } parts ? parts : null) },
        RecordPartsReserved c => order with { PartsReserved = c.Reserved.Aggregate(order.PartsReserved, Merge) },
        RecordPartsUsed c => order with { PartsUsed = Merge(order.PartsUsed, c.Line) },
        StartRepair => order.Status == AwaitingParts
            ? order with { PartsWaits = [.. order.PartsWaits.SkipLast(1), order.PartsWaits[^1] with { Until = now }] }
            : order with { RepairStartedAt = now },
        ReportProgress c => order with { Progress = [.. order.Progress, new ProgressNote(c.Note, now, actor.Id)] },
        AwaitParts c => order with { PartsWaits = [.. order.PartsWaits, new PartsWait(c.Parts, now, null)] },
        Complete or RecordInspection or FileClaim or DecideClaim or RequestSupport or AnswerSupport => QualityRules.Apply(order, command, actor, now, quality),
        RecordAcceptance c => order with { Signature = new CustomerSignature(c.SignedBy, c.Signature, now, order.PartsUsed.Count > 0 ? order.PartsUsed : null) },
        CleanUp => order with { CleanedUpAt = now },
        RecordCallback c => order with
        {
            Callback = new CallbackSurvey(c.Satisfaction, c.Comments, c.Complaint, now, actor.Id, c.Answers is { Count: > 0 } answers ? answers : null),
            Resolution = "repaired",
            ClosedAt = now,
        },
        Cancel c => order with { Cancellation = new Cancellation(c.Reason, now, actor.Id), ClosedAt = now },
        ContactCustomer c => order with { Contacts = [.. order.Contacts, new CustomerContact(c.Channel, c.Notes, now, actor.Id)] },
        RecordReview c => order with { Review = new PostIncidentReview(c.Causes, c.Shortfalls, c.PlanChanges, now, actor.Id) },
        WithdrawOffer c => order with
        {
            Declines = [.. order.Declines, new DeclinedOffer(order.TechnicianId!, c.Reason, now)],
            TechnicianId = null,
            DispatchedAt = null,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown work order command."),
    };

    /// <summary>The "why" of the history entry. Customer contact data never goes here (H3).</summary>
    private static string? ReasonOf(WorkOrderCommand command) => command switch
    {
        Triage c => (c.OnSite ? "on-site visit needed" : "resolved remotely") + (string.IsNullOrWhiteSpace(c.Notes) ? "" : ": " + c.Notes),
        Dispatch c => $"offered to {c.TechnicianId}" + (c.Reason is null ? "" : $": {c.Reason}"),
        RequestDispatch c => c.Reason ?? "automatic dispatch requested",
        PullBack c => c.Reason,
        DeclineOffer c => c.Reason,
        StartTravel c => c.Eta is { } eta ? $"eta {eta:O}" : null,
        AnnounceDelay c => $"new eta {c.NewEta:O}: {c.Reason}",
        Diagnose c => c.Estimate is { } e ? $"{c.Cause} (complex; estimate {e.Duration}, cost {e.Cost})" : c.Cause,
        ReportProgress c => c.Note,
        AwaitParts c => "waiting for " + string.Join(", ", c.Parts.Select(p => $"{p.Quantity} x {p.Sku}")),
        RecordAcceptance => "customer signed the work order",
        RecordCallback c => $"satisfaction {c.Satisfaction}/5" + (string.IsNullOrWhiteSpace(c.Complaint) ? "" : "; complaint recorded"),
        Cancel c => c.Reason,
        ContactCustomer c => $"customer contacted by {c.Channel}",
        RecordReview => "post-incident review recorded",
        WithdrawOffer c => c.Reason,
        RecordPartsReserved c => "reserved " + (c.Reserved.Count == 0 ? "nothing" : string.Join(", ", c.Reserved.Select(l => $"{l.Quantity} x {l.Sku} at {l.Location}")))
            + (c.Short.Count == 0 ? "" : "; short " + string.Join(", ", c.Short.Select(p => $"{p.Quantity} x {p.Sku}"))),
        RecordPartsUsed c => c.Line.Quantity > 0 ? $"{c.Line.Quantity} x {c.Line.Sku} issued from {c.Line.Location}" : $"{-c.Line.Quantity} x {c.Line.Sku} returned to {c.Line.Location}",
        _ => null,
    };

    /// <summary>What the customer is told after a step (the customer is informed of dispatch, delay and arrival).</summary>
    private static string? CustomerNotice(WorkOrder order, WorkOrderCommand command) => command switch
    {
        Dispatch => $"A technician has been assigned to your repair {order.Id}.",
        AnnounceDelay d => $"Your technician is delayed ({d.Reason}); new arrival time {d.NewEta:u}.",
        Arrive => "Your technician has arrived.",
        _ => null,
    };

    private static string CustomerChannel(WorkOrder order) => string.IsNullOrWhiteSpace(order.Customer.Phone) ? "email" : "sms";

    /// <summary>
    /// A clock ran out: records the breach on the order and in its history, with what it entails — P3 withdraws the
    /// offer and returns the order to dispatch; P4 alerts dispatch and the customer. Null when the clock is no longer
    /// running (met, stopped or already breached): a late or repeated tick changes nothing.
    /// </summary>
    public static WorkOrderChange? Breach(string id, WorkOrder order, SlaClock clock, DateTimeOffset now)
    {
        var index = order.Clocks.ToList().FindIndex(c => c.Kind == clock.Kind && c.StartedAt == clock.StartedAt && c.IsRunning);
        if (index < 0 || clock.DueAt > now)
        {
            return null;
        }

        var clocks = order.Clocks.ToArray();
        clocks[index] = clocks[index] with { BreachedAt = now };
        var late = $"{clock.Clause}: {Describe(clock.Kind)} by {clock.DueAt:u}";
        var next = order with { Clocks = clocks, Version = order.Version + 1, UpdatedAt = now };
        var notices = new List<Notification> { new(TeamFor(clock.Kind, order), "board", late, now) };
        if (clock.Kind == ClockKind.Accept && order.Status == Dispatched)
        {
            next = Apply(next, new WithdrawOffer($"no answer within the accept deadline ({clock.Clause})"), Actor.System, now) with { Status = Triaged };
            notices.Add(new Notification("technician", "push", $"Offer for {id} withdrawn: not accepted in time.", now));
        }

        if (clock.Kind == ClockKind.Arrival)
        {
            notices.Add(new Notification("customer", CustomerChannel(order), "Your technician has not arrived at the agreed time; dispatch is on it.", now));
        }

        next = next with { Notifications = [.. next.Notifications, .. notices] };
        var entry = new AuditEntry(SubjectType, id, next.Version, now, Actor.System, "breach", Kebab.Of(order.Status), Kebab.Of(next.Status),
            late, id, order.TechnicianId);
        return new WorkOrderChange(next, entry) { Effects = WorkOrderEffects.Of(order, next, null, Actor.System, clock) };
    }

    /// <summary>Who a breach is escalated to (DESIGN.md's clock table).</summary>
    public static string TeamFor(ClockKind kind, WorkOrder order) => kind switch
    {
        ClockKind.Dispatch => order.Priority == Priority.Emergency ? Teams.Emergency : Teams.DispatchLead,
        ClockKind.Accept or ClockKind.Arrival => Teams.Dispatch,
        ClockKind.EmergencyContact or ClockKind.EmergencyArrival => Teams.Emergency,
        ClockKind.Rework => Teams.DispatchLead, // the repair department's lead
        _ => Teams.CustomerServiceLead,
    };

    private static string Describe(ClockKind kind) => kind switch
    {
        ClockKind.Dispatch => "not dispatched",
        ClockKind.Accept => "not accepted",
        ClockKind.Arrival => "technician not on site",
        ClockKind.EmergencyContact => "customer not contacted",
        ClockKind.EmergencyArrival => "technician not on site",
        ClockKind.Rework => "rework not completed",
        _ => "customer not called back",
    };
}
