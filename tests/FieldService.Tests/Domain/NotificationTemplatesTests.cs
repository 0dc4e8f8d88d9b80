using FieldService.Clocks;
using FieldService.Grains.Notifications;
using FieldService.Grains.WorkOrders;
using FieldService.Notifications;
using FieldService.Tests.Infrastructure;
using FieldService.WorkOrders;

namespace FieldService.Tests.Domain;

/// <summary>Issue 16: the words of every customer notice, in both languages, name the order and say nothing of the
/// customer's contact data or the platform's internal notes (H3).</summary>
public sealed class NotificationTemplatesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);

    private static WorkOrder Order() =>
        WorkOrderLifecycle.Report("wo-tpl-1", null, Intakes.Fault(), Actor.System, Now).Value!.Order with
        {
            TriageNotes = "customer was rude on the phone",
            Delays = [new Delay(Now.AddHours(2), "traffic on the ring road", Now.AddMinutes(5), "t-1")],
            Eta = Now.AddHours(1),
        };

    public static TheoryData<string, string> KindsAndLanguages()
    {
        var data = new TheoryData<string, string>();
        foreach (var kind in NotificationTemplates.Kinds.Append("something-new"))
        {
            foreach (var language in NotificationLanguages.All)
            {
                data.Add(kind, language);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(KindsAndLanguages))]
    public void CS3_each_kind_in_each_language_names_the_order_and_no_contact_data(string kind, string language)
    {
        var order = Order();
        var (subject, body) = NotificationTemplates.Render(new Notification(Notification.Customer, "email", "recorded text", Now.AddMinutes(5), kind), order, language, "Li Wei");

        Assert.Contains(order.Id, subject, StringComparison.Ordinal);
        Assert.EndsWith(language == NotificationLanguages.Chinese ? $"维修单号：{order.Id}" : $"Repair number: {order.Id}", body, StringComparison.Ordinal);
        foreach (var hidden in new[] { order.Customer.Phone!, order.Customer.Email!, order.Customer.Address, order.TriageNotes!, "recorded text" })
        {
            Assert.DoesNotContain(hidden, subject + body, StringComparison.OrdinalIgnoreCase);
        }

        // The words are the language's own: Chinese text in zh-CN, none in en.
        Assert.Equal(language == NotificationLanguages.Chinese, (subject + body).Any(c => c is >= '\u4e00' and <= '\u9fff'));
    }

    [Fact]
    public void P4_the_dispatch_names_the_technician_and_ETA_and_the_delay_its_reason_and_new_time()
    {
        var order = Order();
        var dispatch = NotificationTemplates.Render(new Notification(Notification.Customer, "sms", "", Now, "dispatch"), order, NotificationLanguages.English, "Li Wei");
        Assert.Contains("Li Wei has been assigned to your repair, expected 27 Nov 2026 09:00 UTC", dispatch.Body, StringComparison.Ordinal);
        var delay = NotificationTemplates.Render(new Notification(Notification.Customer, "sms", "", Now.AddMinutes(5), "delay"), order, NotificationLanguages.Chinese, null);
        Assert.Contains("（traffic on the ring road），新的到达时间：2026-11-27 10:00 UTC", delay.Body, StringComparison.Ordinal);
    }
}
