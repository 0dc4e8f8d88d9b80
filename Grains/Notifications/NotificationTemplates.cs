using System.Globalization;
using FieldService.Audit;
using FieldService.Clocks;
using FieldService.Notifications;
using FieldService.WorkOrders;

namespace FieldService.Grains.Notifications;

/// <summary>
/// The words of a customer notice, per kind and language (issue 16). A template names only what the customer may see
/// of their own order (H3): its number, the product, the technician's name, the times agreed, a delay's reason — never
/// their contact data (which is the address, not the content), internal notes, or anything of another customer.
/// </summary>
public static class NotificationTemplates
{
    /// <summary>The kinds with words of their own; any other customer notice gets <see cref="Generic"/>.</summary>
    public static readonly IReadOnlyList<string> Kinds =
        [AuditActions.Report, AuditActions.Dispatch, AuditActions.Reassign, AuditActions.Delay, AuditActions.Arrive,
         Notification.ArrivalMissed, AuditActions.Complete, AuditActions.Inspection, AuditActions.Callback, AuditActions.ComplaintFeedback];

    private const string Generic = "";

    /// <summary>Subject and body of the notice in <paramref name="language"/> (a supported one, else English).</summary>
    public static (string Subject, string Body) Render(Notification notice, WorkOrder order, string language, string? technicianName)
    {
        var zh = language == NotificationLanguages.Chinese;
        var id = order.Id;
        var model = order.Product.Model;
        var who = string.IsNullOrWhiteSpace(technicianName) ? null : technicianName;
        var (subject, text) = (notice.Kind ?? Generic) switch
        {
            AuditActions.Report => zh
                ? ($"维修单 {id}：我们已收到您的报修", $"我们已收到您关于 {model} 的报修，维修单号为 {id}。技术员出发时我们会再通知您。")
                : ($"Repair {id}: we have your report", $"We have received your report about your {model} and recorded it as repair {id}. We will tell you when a technician is on the way."),
            AuditActions.Dispatch or AuditActions.Reassign => Assigned(zh, notice.Kind == AuditActions.Reassign, id, who, Expected(order, zh)),
            AuditActions.Delay when DelayOf(notice, order) is { } delay => zh
                ? ($"维修单 {id}：技术员将晚到", $"您的技术员将晚到（{delay.Reason}），新的到达时间：{When(delay.NewEta, zh)}。")
                : ($"Repair {id}: your technician is delayed", $"Your technician is delayed ({delay.Reason}); new arrival time {When(delay.NewEta, zh)}."),
            AuditActions.Arrive => zh
                ? ($"维修单 {id}：技术员已到达", "您的技术员已到达。")
                : ($"Repair {id}: your technician has arrived", "Your technician has arrived."),
            Notification.ArrivalMissed => zh
                ? ($"维修单 {id}：技术员未按约定时间到达", "您的技术员未能在约定时间到达，调度人员正在处理。")
                : ($"Repair {id}: your technician is late", "Your technician has not arrived at the agreed time; dispatch is on it."),
            AuditActions.Complete or AuditActions.Inspection => zh
                ? ($"维修单 {id}：维修已完成", $"您的 {model} 已维修完成。请检查并签字验收。")
                : ($"Repair {id}: the repair is complete", $"The repair of your {model} is complete. Please check it and sign the acceptance."),
            AuditActions.Callback => zh
                ? ($"维修单 {id}：感谢您的反馈", "感谢您对本次维修的反馈。")
                : ($"Repair {id}: thank you for your feedback", "Thank you for your feedback on this repair."),
            // The result itself is the agent's text, read signed in on the customer page: it may quote findings.
            AuditActions.ComplaintFeedback => zh
                ? ($"维修单 {id}：您的投诉已有处理结果", $"您对维修单 {id} 的投诉已处理完毕，处理结果已反馈给您，您也可以在客户页面查看。")
                : ($"Repair {id}: your complaint has been answered", $"We have dealt with your complaint about repair {id} and told you the result; you can also read it on your customer page."),
            _ => zh
                ? ($"维修单 {id}：进度更新", "您的维修有新的进展，请在客户页面查看。")
                : ($"Repair {id}: an update", "There is news about your repair; see your customer page."),
        };
        var footer = zh ? $"维修单号：{id}" : $"Repair number: {id}";
        return (subject, $"{text}\n\n{footer}");
    }

    /// <summary>Who is coming and when: the ETA the technician gave, else the agreed window.</summary>
    private static (string, string) Assigned(bool zh, bool again, string id, string? who, string? expected)
    {
        var person = who is null ? (zh ? "一位技术员" : "A technician") : (zh ? $"技术员 {who}" : $"{who}");
        var when = expected is null ? "" : (zh ? $"，预计到达：{expected}" : $", expected {expected}");
        return zh
            ? ($"维修单 {id}：已安排技术员", $"{(again ? "已为您改派" : "已为您安排")}{person}{when}。")
            : ($"Repair {id}: a technician is assigned", $"{person} {(again ? "now takes over" : "has been assigned to")} your repair{when}.");
    }

    private static string? Expected(WorkOrder order, bool zh) =>
        order.Eta is { } eta ? When(eta, zh)
        : order.AgreedArrival is { } window ? (zh ? $"{When(window.From, zh)} 至 {When(window.To, zh)}" : $"between {When(window.From, zh)} and {When(window.To, zh)}")
        : null;

    /// <summary>The delay this notice announced (recorded at the same moment), else the latest.</summary>
    private static Delay? DelayOf(Notification notice, WorkOrder order) =>
        order.Delays.LastOrDefault(d => d.AnnouncedAt == notice.At) ?? order.Delays.LastOrDefault();

    /// <summary>Times in UTC, said so: the order keeps no time zone of the customer's.</summary>
    private static string When(DateTimeOffset at, bool zh) =>
        at.UtcDateTime.ToString(zh ? "yyyy-MM-dd HH:mm 'UTC'" : "d MMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
