using System.Globalization;
using FieldService.Grains.Intake;
using FieldService.Intake;
using FieldService.Tests.Http;
using FieldService.Tests.Infrastructure;
using FieldService.WorkOrders;
using MailKit;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace FieldService.Tests.Intake;

/// <summary>
/// Issue 16's "done when", end to end with real servers and nothing of the platform replaced: a fault mailed into a
/// real IMAP mailbox (Dovecot) is read on the mailbox's reminder and becomes an order; its customer receives, over
/// real SMTP, every notice of the walk in the language of their mail; the same mail delivered again makes no order.
/// The clock is the host's fake one; every wait is on a signal (a mail arriving).
/// </summary>
public sealed class DoneWhenTests(ThrowawayDovecot imap, SmtpSinkFixture smtp) : IClassFixture<ThrowawayDovecot>, IClassFixture<SmtpSinkFixture>
{
    [Fact]
    public async Task Issue16_done_when_a_mailed_fault_becomes_an_order_whose_customer_gets_receipt_dispatch_delay_and_completion_by_SMTP_in_their_language_and_its_duplicate_makes_none()
    {
        using var client = await imap.ConnectAsync();
        var folder = await ThrowawayDovecot.NewFolderAsync(client, "done-" + Guid.NewGuid().ToString("N")[..8]);
        var settings = imap.SettingsFor(folder.FullName);
        settings["Notifications:Smtp:Host"] = "127.0.0.1";
        settings["Notifications:Smtp:Port"] = smtp.Smtp.Port.ToString(CultureInfo.InvariantCulture);
        settings["Notifications:Smtp:Tls"] = "None";
        settings["Notifications:Smtp:From"] = "service@fieldservice.example";
        // English by default here, so Chinese can only come from the mail itself.
        settings["Notifications:DefaultLanguage"] = "en";
        await using var factory = new AppFactory(settings: settings);
        var sink = smtp.Smtp;
        var sender = $"chen-{Guid.NewGuid().ToString("N")[..8]}@example.cn";
        bool ToSender(MimeMessage m) => m.To.Mailboxes.Any(a => string.Equals(a.Address, sender, StringComparison.OrdinalIgnoreCase));
        IReadOnlyList<MimeMessage> Mails() => sink.Received.Where(ToSender).ToList();
        Task MailsAsync(int count, string what) => sink.WaitAsync(r => r.Count(ToSender) >= count, $"{what}, mailed to {sender}");

        // Another customer, by phone and in English: nothing of theirs may reach the sender.
        var agent = await factory.Personas.AgentAsync();
        var others = Intakes.Body("north", agreedArrival: false);
        var otherEmail = $"olga-{Guid.NewGuid().ToString("N")[..8]}@elsewhere.example";
        others["customer"]!["name"] = "Olga Other";
        others["customer"]!["email"] = otherEmail;
        others["customer"]!["phone"] = null;
        others["customer"]!["language"] = "en";
        var otherId = await agent.ReportAsync(others);

        var fault = new MimeMessage { MessageId = $"leak-{Guid.NewGuid():N}@mail.example.cn", Subject = "洗碗机漏水" };
        fault.From.Add(new MailboxAddress("陈先生", sender));
        fault.To.Add(new MailboxAddress("Service", "service@fieldservice.example"));
        fault.Body = new TextPart("plain") { Text = "我家的洗碗机从今天早上开始漏水，厨房地上都是水。请尽快派人来修理。" };
        fault.Headers.Add(HeaderId.ContentLanguage, "zh-CN");
        await folder.AppendAsync(new AppendRequest(fault));

        // The mailbox is read on its reminder (every minute): the mail becomes an order and the receipt goes out.
        await factory.AdvanceAsync(TimeSpan.FromMinutes(1));
        await MailsAsync(1, "the receipt of the mailed fault");
        var id = Mails().Single().Headers["X-FieldService-Work-Order"];
        Assert.False(string.IsNullOrEmpty(id), "the receipt names its order in X-FieldService-Work-Order");
        var made = await agent.GetAsync($"/api/work-orders/{id}");
        Assert.Equal(("reported", "email", sender, "zh-CN"),
            ((string?)made["status"], (string?)made["fault"]!["channel"], (string?)made["customer"]!["email"], (string?)made["customer"]!["language"]));
        Assert.StartsWith("洗碗机漏水", (string?)made["fault"]!["description"]);

        // Customer service agrees the visit with the customer at triage; a dispatcher assigns a technician.
        var now = factory.Time.GetUtcNow();
        var window = (From: now.AddHours(2), To: now.AddHours(4));
        await agent.PostAsync($"/api/work-orders/{id}/triage", new { onSite = true, agreedArrival = new { from = window.From, to = window.To } });
        var technicianId = "t-" + Guid.NewGuid().ToString("N")[..8];
        var profile = Intakes.Technician("north");
        profile["name"] = "王磊";
        profile["skills"]!.AsArray().Add(new System.Text.Json.Nodes.JsonObject { ["name"] = "general", ["level"] = 3 });
        await (await factory.Personas.AsAsync("manager-1", Roles.Manager)).PutAsync($"/api/technicians/{technicianId}", profile, System.Net.HttpStatusCode.Created);
        await (await factory.Personas.DispatcherAsync()).PostAsync($"/api/work-orders/{id}/dispatch", new { technicianId });
        await MailsAsync(2, "the dispatch");

        // P4: on the way, the technician reports in advance that they will be late, with the reason and a new time.
        var technician = await factory.Personas.TechnicianAsync(technicianId);
        var newEta = now.AddHours(5);
        await technician.PostAsync($"/api/work-orders/{id}/accept", null);
        await technician.PostAsync($"/api/work-orders/{id}/en-route", new { eta = now.AddHours(3) });
        await technician.PostAsync($"/api/work-orders/{id}/delay", new { newEta, reason = "前一单维修超时" });
        await MailsAsync(3, "the delay");

        await technician.PostAsync($"/api/work-orders/{id}/arrive", null);
        await technician.PostAsync($"/api/work-orders/{id}/diagnosis", new { cause = "进水阀密封圈老化", complex = false });
        await technician.PostAsync($"/api/work-orders/{id}/start-repair", null);
        await technician.PostAsync($"/api/work-orders/{id}/complete", Checks.CompleteBody());
        await Walks.HandOverAsync(factory.Personas, agent, id!);
        await MailsAsync(5, "the arrival and the completion");

        var mails = Mails();
        Assert.Equal(5, mails.Count);
        Assert.All(mails, m =>
        {
            Assert.Equal([sender], m.To.Mailboxes.Select(a => a.Address));
            Assert.Empty(m.Cc);
            Assert.Equal("zh-CN", m.Body!.Headers[HeaderId.ContentLanguage]);
            Assert.Equal(id, m.Headers["X-FieldService-Work-Order"]);
            Assert.StartsWith($"维修单 {id}：", m.Subject, StringComparison.Ordinal);
            Assert.EndsWith($"维修单号：{id}", m.TextBody!.TrimEnd(), StringComparison.Ordinal);
            foreach (var foreign in new[] { otherId, otherEmail, "Olga", sender, "Repair number" })
            {
                Assert.DoesNotContain(foreign, m.Subject + m.TextBody, StringComparison.OrdinalIgnoreCase);
            }
        });
        string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        Assert.Equal(
            [$"维修单 {id}：我们已收到您的报修", $"维修单 {id}：已安排技术员", $"维修单 {id}：技术员将晚到", $"维修单 {id}：技术员已到达", $"维修单 {id}：维修已完成"],
            mails.Select(m => m.Subject));
        Assert.Contains($"维修单号为 {id}", mails[0].TextBody, StringComparison.Ordinal);
        Assert.Contains($"技术员 王磊，预计到达：{Utc(window.From)} 至 {Utc(window.To)}", mails[1].TextBody, StringComparison.Ordinal);
        Assert.Contains($"（前一单维修超时），新的到达时间：{Utc(newEta)}", mails[2].TextBody, StringComparison.Ordinal);
        Assert.Contains("维修完成", mails[4].TextBody, StringComparison.Ordinal);

        // Each mail is a notice on the order, sent once under its own Message-ID (recorded on the order once the mail is
        // out: the outcome's audit entry comes after that write).
        foreach (var mail in mails)
        {
            await factory.Audit.WaitForAsync(e => e.Action == "deliver" && e.SubjectId == mail.MessageId, $"the delivery of {mail.MessageId} recorded");
        }

        var notices = (await agent.GetAsync($"/api/work-orders/{id}"))["notifications"]!.AsArray().Where(n => (string?)n!["to"] == "customer").ToList();
        Assert.Equal(["report", "dispatch", "delay", "arrive", "inspection"], notices.Select(n => (string?)n!["kind"]));
        Assert.Equal(mails.Select(m => m.MessageId), notices.Select(n => (string?)n!["delivery"]!["messageId"]));
        Assert.All(notices, n => Assert.Equal("sent", (string?)n!["delivery"]!["status"]));

        // The same mail delivered again (same Message-ID): read, answered with the order it made, no second order.
        await folder.AppendAsync(new AppendRequest(fault));
        var mailbox = factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IMailboxGrain>(IMailboxGrain.Default);
        var again = await mailbox.PollAsync();
        Assert.Null(again.Error);
        var replayed = Assert.Single(again.Outcomes);
        Assert.Equal((IntakeOutcomeKind.NewOrder, true, id), (replayed.Kind, replayed.Replayed, replayed.WorkOrderId));
        var ordersOfSender = await factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IWorkOrderDirectoryGrain>(0).OrdersOfSenderAsync(sender, null);
        Assert.Equal([id], ordersOfSender.Select(o => o.Id));
        Assert.Empty(await imap.UnmarkedAsync(folder.FullName, MailIntakeTests.Keyword));
        Assert.Equal(5, Mails().Count);
    }
}
