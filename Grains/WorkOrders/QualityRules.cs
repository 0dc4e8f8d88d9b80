using FieldService.Audit;
using FieldService.Grains.Common;
using FieldService.Quality;
using FieldService.WorkOrders;
using static FieldService.WorkOrders.WorkOrderStatus;

namespace FieldService.Grains.WorkOrders;

/// <summary>What a completion or an inspection is judged against: the standard's version (Q1) and, for a completion,
/// whether the repair must be inspected before handover (Q3).</summary>
public sealed record QualityContext(Standard Standard, InspectionRequirement? Requirement = null);

/// <summary>
/// The quality steps of a work order (Q3 self-check and inspection, Q4 rework and claims, TS1 support requests) as
/// pure decisions, called from <see cref="WorkOrderLifecycle"/>.
/// </summary>
public static class QualityRules
{
    /// <summary>Q3: the checklist must answer every item of the standard once, with no other items; a completion
    /// needs every item passed (a failed item blocks it).</summary>
    public static Failure? ValidateChecklist(WorkOrderCommand command, Standard? standard)
    {
        var (results, field) = command switch
        {
            Complete c => (c.Checklist, "checklist"),
            RecordInspection c => (c.Results, "results"),
            _ => (null, ""),
        };
        if (results is null || standard is null)
        {
            return null;
        }

        var v = new Validation();
        var known = standard.Items.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < results.Count; i++)
        {
            var result = results[i];
            if (!known.Contains(result.ItemId ?? ""))
            {
                v.Add($"{field}[{i}].itemId", $"is not an item of the {standard.Category} standard v{standard.Version}");
            }
            else if (results.Take(i).Any(r => r.ItemId == result.ItemId))
            {
                v.Add($"{field}[{i}].itemId", $"'{result.ItemId}' is answered twice");
            }

            v.Optional($"{field}[{i}].note", result.Note, 1000);
            if (command is Complete && !result.Passed && known.Contains(result.ItemId ?? ""))
            {
                v.Add($"{field}[{i}].passed", $"'{result.ItemId}' failed: a repair that fails its self-check cannot be completed (Q3); repair and check again");
            }
        }

        var missing = standard.Items.Where(item => !results.Any(r => r.ItemId == item.Id)).Select(item => item.Id).ToList();
        if (missing.Count > 0)
        {
            v.Add(field, $"every item of the {standard.Category} standard v{standard.Version} must be checked; missing: {string.Join(", ", missing)}");
        }

        return v.ToFailure();
    }

    /// <summary>Q3: the requirement a completion carries before any sampling: a repair reworked after a failed
    /// inspection is inspected again; critical equipment or a key part is always inspected. Null: the sampling rule decides.</summary>
    public static InspectionRequirement? Mandatory(WorkOrder order, IReadOnlyCollection<string> keyPartsUsed, DateTimeOffset now)
    {
        if (order.Inspections.Count > 0 && !order.Inspections[^1].Passed)
        {
            return new InspectionRequirement(InspectionReason.ReInspection, "re-inspection after rework", now, new InspectionTrace("re-inspection"));
        }

        if (order.Product.Critical)
        {
            return new InspectionRequirement(InspectionReason.Critical, "critical equipment: every repair is inspected", now, new InspectionTrace("critical-equipment"));
        }

        return keyPartsUsed.Count > 0
            ? new InspectionRequirement(InspectionReason.Critical, $"key parts fitted ({string.Join(", ", keyPartsUsed.Order(StringComparer.Ordinal))}): every such repair is inspected", now,
                new InspectionTrace("key-parts", Parts: keyPartsUsed.Order(StringComparer.Ordinal).ToArray()))
            : null;
    }

    public static WorkOrder Apply(WorkOrder order, WorkOrderCommand command, Actor actor, DateTimeOffset now, QualityContext? quality) => command switch
    {
        Complete c => order with
        {
            SelfCheck = new SelfCheck(true, c.Notes, now, quality!.Standard.Category, quality.Standard.Version, c.Checklist),
            CompletedAt = now,
            InspectionRequirement = quality.Requirement,
            Status = quality.Requirement is { Required: true } ? AwaitingInspection : Completed,
        },
        RecordInspection c => order with
        {
            Inspections =
            [
                .. order.Inspections,
                new Inspection(c.Results, c.Notes, quality!.Standard.Category, quality.Standard.Version, now, actor.Id,
                    order.TechnicianId),
            ],
            // Q4: a failure goes back to the technician for rework; the completion no longer stands.
            Status = c.Results.All(r => r.Passed) ? Completed : InRepair,
            CompletedAt = c.Results.All(r => r.Passed) ? order.CompletedAt : null,
        },
        FileClaim c => order with
        {
            Claims = [.. order.Claims, new CompensationClaim(order.Claims.Count + 1, c.Amount, c.Reason, now, actor.Id, order.TechnicianId)],
        },
        DecideClaim c => order with
        {
            Claims = order.Claims.Select(claim => claim.Number != c.Number ? claim : claim with
            {
                Decision = new ClaimDecision(c.Approved, c.Approved ? c.AmountApproved ?? 0 : 0, c.ResponsibleTechnicianId ?? claim.ResponsibleTechnicianId,
                    c.Notes, now, actor.Id),
            }).ToArray(),
        },
        RequestSupport c => order with
        {
            SupportRequests = [.. order.SupportRequests, new SupportRequest(order.SupportRequests.Count + 1, c.Question, now, actor.Id)],
        },
        AnswerSupport c => order with
        {
            SupportRequests = order.SupportRequests.Select(r => r.Number != c.Number ? r : r with { Answer = c.Answer, AnsweredAt = now, AnsweredBy = actor.Id })
                .ToArray(),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Not a quality step."),
    };

    /// <summary>The "why" of a quality step's history entry; null for other steps.</summary>
    public static string? ReasonOf(WorkOrderCommand command, WorkOrder after, QualityContext? quality) => command switch
    {
        Complete c => $"self-check passed against the {quality!.Standard.Category} standard v{quality.Standard.Version}; inspection: "
            + Describe(quality.Requirement!) + (string.IsNullOrWhiteSpace(c.Notes) ? "" : "; " + c.Notes),
        RecordInspection c => (c.Results.All(r => r.Passed) ? "passed" : "failed: " + string.Join(", ", c.Results.Where(r => !r.Passed).Select(r => r.ItemId))
            + "; back to the technician for rework") + (string.IsNullOrWhiteSpace(c.Notes) ? "" : "; " + c.Notes),
        FileClaim c => $"claim {after.Claims.Count} for {c.Amount:0.00}: {c.Reason}",
        DecideClaim c => $"claim {c.Number} " + (c.Approved ? $"approved for {c.AmountApproved:0.00}" : "rejected")
            + (after.Claims.First(x => x.Number == c.Number).Decision!.ResponsibleTechnicianId is { } responsible ? $"; responsible: {responsible}" : "")
            + $"; {c.Notes}",
        RequestSupport c => $"support request {after.SupportRequests.Count}: {c.Question}",
        AnswerSupport c => $"support request {c.Number} answered after {after.SupportRequests.First(r => r.Number == c.Number).TimeTaken:g}",
        _ => null,
    };

    /// <summary>The typed facts of a quality step's history entry that the reports count; null for other steps.</summary>
    public static AuditEntryFacts? FactsOf(WorkOrderCommand command, WorkOrder after) => command switch
    {
        Complete => new AuditEntryFacts { Inspection = after.InspectionRequirement?.Reason },
        RecordInspection c => new AuditEntryFacts { InspectionPassed = c.Results.All(r => r.Passed) },
        _ => null,
    };

    private static string Describe(InspectionRequirement requirement) => requirement.Reason switch
    {
        InspectionReason.Critical => "critical (" + requirement.Explanation + ")",
        InspectionReason.ReInspection => "re-inspection after rework",
        InspectionReason.Sampled => "sampled (" + requirement.Explanation + ")",
        _ => "not sampled (" + requirement.Explanation + ")",
    };
}
