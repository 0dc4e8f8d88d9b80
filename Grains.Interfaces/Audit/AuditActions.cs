namespace FieldService.Audit;

/// <summary>
/// The action names of the audit trail, in one place: the writers record them, the reports and the routes read them,
/// and the tests build trails from them. They are part of the public contract (<c>GET /api/audit</c>, the REST route
/// of each work-order step), so a value never changes; new ones are added.
/// </summary>
public static class AuditActions
{
    // Work order (subject "work-order").
    public const string Report = "report";
    public const string Triage = "triage";
    public const string Dispatch = "dispatch";
    public const string RequestDispatch = "request-dispatch";
    public const string PullBack = "pull-back";
    public const string Reassign = "reassign";
    public const string Accept = "accept";
    public const string Decline = "decline";
    public const string EnRoute = "en-route";
    public const string Delay = "delay";
    public const string Arrive = "arrive";
    public const string Diagnosis = "diagnosis";
    public const string StartRepair = "start-repair";
    public const string Progress = "progress";
    public const string CustomerMessage = "customer-message";
    public const string AwaitParts = "await-parts";
    public const string Complete = "complete";
    public const string Inspection = "inspection";
    public const string Acceptance = "acceptance";
    public const string Cleanup = "cleanup";
    public const string Callback = "callback";
    public const string Contact = "contact";
    public const string Review = "review";
    public const string Claim = "claim";
    public const string ClaimDecision = "claim-decision";
    public const string SupportRequest = "support-request";
    public const string SupportAnswer = "support-answer";
    public const string WithdrawOffer = "withdraw-offer";
    public const string PartsReserved = "parts-reserved";
    public const string PartsUsed = "parts-used";
    public const string PartsArrived = "parts-arrived";
    public const string ComplaintFeedback = "complaint-feedback";
    public const string Cancel = "cancel";
    public const string Breach = "breach";

    // Parts bin (subject "parts-bin").
    public const string Issue = "issue";
    public const string Return = "return";

    // Attachment (subject "attachment", one entry per file; its work order named on the entry).
    public const string Attach = "attach";

    // Notification (subject "notification", one entry per customer notice, named by its message id; its work order
    // named on the entry): the notice was sent, failed after its last try, or the customer had opted out.
    public const string Deliver = "deliver";

    // Technician (subject "technician").
    public const string MissedAccept = "missed-accept";

    // Complaint (subject "complaint"): "complaint-" + its new state.
    public const string ComplaintOpened = "complaint-opened";
}
