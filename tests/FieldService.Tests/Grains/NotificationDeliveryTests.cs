using FieldService.Boards;
using System.Text;
using FieldService.Audit;
using FieldService.Clocks;
using FieldService.Grains.Notifications;
using FieldService.Notifications;
using FieldService.Silo.Notifications;
using FieldService.Tests.Infrastructure;
using FieldService.WorkOrders;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Xunit.Abstractions;

namespace FieldService.Tests.Grains;

/// <summary>A cluster of its own whose silo sends mail to a real SMTP server and SMS to a real HTTP gateway, both in
/// the test process on loopback ports; four tries per notice, 30 s then 60 s apart (on the fake clock).</summary>
public sealed class NotificationClusterFixture : ClusterFixture, IAsyncLifetime
{
    public const string SmsSecret = "a-test-secret-of-at-least-thirty-two-bytes";

    public SmtpSink Smtp { get; } = new();

    public SmsGatewayStub Sms { get; } = new(SmsSecret);

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.Configure<SmtpOptions>(o => (o.Host, o.Port, o.Tls, o.From) = ("127.0.0.1", Smtp.Port, MailKit.Security.SecureSocketOptions.None, "FieldService <service@fieldservice.example>"));
        services.Configure<SmsOptions>(o => (o.Url, o.Secret) = (Sms.Url, SmsSecret));
        services.Configure<NotificationOptions>(o =>
            (o.MaxAttempts, o.RetryFirst, o.RetryLongest, o.MessageIdDomain) = (4, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), "fieldservice.example"));
    }

    async Task IAsyncLifetime.InitializeAsync()
    {
        await Smtp.StartAsync();
        await Sms.StartAsync();
        await InitializeAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Smtp.DisposeAsync();
        await Sms.DisposeAsync();
    }
}

/// <summary>
/// Issue 16, points 1 and 5 (outbound): every notice the platform records for a customer goes out by email (MailKit to
/// a real SMTP server, parsed here with MimeKit) or by SMS (a signed POST to a real HTTP gateway), worded in the
/// customer's language, once per idempotency id, retried with backoff while the gateway is down, and its delivery is
/// on the order (across deactivation), in the customer's view and in the audit trail.
/// </summary>
public sealed class NotificationDeliveryTests(NotificationClusterFixture fixture, ITestOutputHelper output) : IClassFixture<NotificationClusterFixture>
{
    private static readonly Actor Agent = GrainSetups.Agent;
    private static readonly Actor Dispatcher = GrainSetups.Dispatcher;

    private IGrainFactory Grains => fixture.Grains;

    private static Actor TechnicianActor(string id) => new(id, Roles.Technician, TechnicianId: id);

    private static string Unique(string what) => $"{what}-{Guid.NewGuid().ToString("N")[..8]}";

    private static ReportFault IntakeFor(string name, string? phone, string? email, string? language, string? customerId = null) =>
        Intakes.Fault() with { Customer = new Customer(name, phone, email, $"{name} Road 1", new GeoPoint(31.29, 121.52), language), CustomerId = customerId };

    private async Task<IWorkOrderGrain> ReportAsync(ReportFault intake)
    {
        var order = Grains.GetGrain<IWorkOrderGrain>(Unique("wo"));
        var reported = await order.ReportAsync(intake, Agent);
        Assert.True(reported.Succeeded, reported.Failure?.Message);
        return order;
    }

    private static async Task Step(IWorkOrderGrain order, WorkOrderCommand command, Actor actor)
    {
        var result = await order.ExecuteAsync(command, actor);
        Assert.True(result.Succeeded, $"{command.GetType().Name}: {result.Failure?.Message}");
    }

    private async Task<IReadOnlyList<Notification>> CustomerNoticesAsync(IWorkOrderGrain order) =>
        (await order.GetAsync())!.Notifications.Where(n => n.To == Notification.Customer).ToArray();

    private static string? Language(MimeMessage message) => message.Body!.Headers[HeaderId.ContentLanguage];

    private static string Text(MimeMessage message) => $"{message.Subject}\n{message.TextBody}";

    private IReadOnlyList<MimeMessage> MailTo(string email) => fixture.Smtp.Received.Where(m => m.To.Mailboxes.Any(a => a.Address == email)).ToArray();

    [Fact]
    public async Task CS3_P4_Issue16_the_customer_receives_receipt_dispatch_delay_arrival_and_completion_by_real_SMTP_in_their_language()
    {
        var email = $"{Unique("ann")}@harbour.example";
        var other = $"{Unique("bo")}@elsewhere.example";
        var order = await ReportAsync(IntakeFor("Ann Harbour", phone: null, email, NotificationLanguages.English));
        var neighbour = await ReportAsync(IntakeFor("Bo Elsewhere", phone: null, other, NotificationLanguages.Chinese));
        var id = order.GetPrimaryKeyString();
        var technicianId = await GrainSetups.RegisterTechnicianAsync(Grains);
        var technician = TechnicianActor(technicianId);
        var now = fixture.Time.GetUtcNow();

        await Step(order, new Triage(true, null), Agent);
        await Step(order, new Dispatch(technicianId), Dispatcher);
        await Step(order, new Accept(), technician);
        await Step(order, new StartTravel(now.AddHours(1)), technician);
        await Step(order, new AnnounceDelay(now.AddHours(2), "traffic on the ring road"), technician);
        await Step(order, new Arrive(), technician);
        await Step(order, new Diagnose("seized fan", false, null), technician);
        await Step(order, new StartRepair(), technician);
        await Step(order, Checks.Complete(), technician);
        await Checks.HandOverAsync(order);

        await fixture.Smtp.WaitAsync(_ => MailTo(email).Count >= 5 && MailTo(other).Count >= 1, $"five mails to the customer of {id} and the receipt of the other order");
        await fixture.SettledAsync("the deliveries recorded");
        var mails = MailTo(email);
        foreach (var mail in mails)
        {
            output.WriteLine($"{mail.MessageId} [{Language(mail)}] {mail.Subject}");
        }

        Assert.Equal(5, mails.Count);
        Assert.All(mails, m =>
        {
            Assert.Equal([email], m.To.Mailboxes.Select(a => a.Address));
            Assert.Equal("service@fieldservice.example", m.From.Mailboxes.Single().Address);
            Assert.Equal("en", Language(m));
            Assert.Contains(id, m.Subject, StringComparison.Ordinal);
            Assert.Contains($"Repair number: {id}", m.TextBody, StringComparison.Ordinal);
            // Nothing of the other customer, and not even this customer's own contact data in the text (H3).
            foreach (var foreign in new[] { other, "Bo Elsewhere", neighbour.GetPrimaryKeyString(), email, "Ann Harbour Road" })
            {
                Assert.DoesNotContain(foreign, Text(m), StringComparison.OrdinalIgnoreCase);
            }
        });
        Assert.Contains(mails, m => m.Subject!.Contains("we have your report", StringComparison.Ordinal));
        Assert.Contains(mails, m => m.TextBody!.Contains("Li Wei has been assigned to your repair", StringComparison.Ordinal));
        Assert.Contains(mails, m => m.TextBody!.Contains("delayed (traffic on the ring road)", StringComparison.Ordinal)
            && m.TextBody!.Contains(now.AddHours(2).UtcDateTime.ToString("HH:mm"), StringComparison.Ordinal));
        Assert.Contains(mails, m => m.Subject!.Contains("has arrived", StringComparison.Ordinal));
        Assert.Contains(mails, m => m.Subject!.Contains("the repair is complete", StringComparison.Ordinal));

        // The other customer is written to in Chinese.
        var receipt = Assert.Single(MailTo(other));
        Assert.Equal("zh-CN", Language(receipt));
        Assert.Contains($"维修单号：{neighbour.GetPrimaryKeyString()}", receipt.TextBody, StringComparison.Ordinal);

        // Each notice went out once, under the id recorded on the order, and its delivery is there.
        var notices = await CustomerNoticesAsync(order);
        Assert.Equal(["report", "dispatch", "delay", "arrive", "inspection"], notices.Select(n => n.Kind));
        Assert.All(notices, n => Assert.Equal((NotificationDelivery.Sent, NotificationChannels.Email, 1), (n.Delivery!.Status, n.Delivery.Channel, n.Delivery.Attempts)));
        Assert.Equal(notices.Select(n => n.Delivery!.MessageId).Order(), mails.Select(m => m.MessageId).Order());
        Assert.Equal(5, mails.Select(m => m.MessageId).Distinct().Count());

        // In the audit trail, one entry per notice, and in the customer's own view.
        var delivered = fixture.Audit.Where(e => e.Action == AuditActions.Deliver && e.WorkOrderId == id);
        Assert.Equal(5, delivered.Count);
        Assert.All(delivered, e => Assert.Equal((NotificationCourier.AuditSubject, "queued", "sent"), (e.SubjectType, e.FromStatus, e.ToStatus)));
        Assert.DoesNotContain(delivered, e => e.Reason!.Contains(email, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Issue16_SMTP_down_the_notices_are_retried_with_backoff_and_delivered_once_after_it_returns_across_deactivation()
    {
        var email = $"{Unique("cy")}@harbour.example";
        await fixture.Smtp.StopAsync();
        IWorkOrderGrain order;
        try
        {
            order = await ReportAsync(IntakeFor("Cy Harbour", phone: null, email, language: null));
            await Step(order, new Triage(true, null), Agent);
            await Step(order, new Dispatch(await GrainSetups.RegisterTechnicianAsync(Grains)), Dispatcher);
            await fixture.SettledAsync("the first tries while SMTP is down");

            var queued = await CustomerNoticesAsync(order);
            Assert.Equal(["report", "dispatch"], queued.Select(n => n.Kind));
            Assert.All(queued, n => Assert.Equal((NotificationDelivery.Queued, 1), (n.Delivery!.Status, n.Delivery.Attempts)));
            Assert.All(queued, n => Assert.Equal(n.Delivery!.At + TimeSpan.FromSeconds(30), n.Delivery.NextAttemptAt));
            Assert.Empty(MailTo(email));

            // A second failure doubles the wait; then every idle activation is dropped: the queue is in storage.
            await fixture.AdvanceAsync(TimeSpan.FromSeconds(31));
            await fixture.SettledAsync("the second tries while SMTP is down");
            Assert.All(await CustomerNoticesAsync(order), n => Assert.Equal((NotificationDelivery.Queued, 2), (n.Delivery!.Status, n.Delivery.Attempts)));
            Assert.All(await CustomerNoticesAsync(order), n => Assert.Equal(n.Delivery!.At + TimeSpan.FromMinutes(1), n.Delivery.NextAttemptAt));
            await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        }
        finally
        {
            await fixture.Smtp.StartAsync();
        }

        await fixture.AdvanceAsync(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        await fixture.Smtp.WaitAsync(_ => MailTo(email).Count >= 2, "the receipt and the dispatch notice once SMTP is back");
        await fixture.SettledAsync("the deliveries recorded");
        // Later ticks send nothing again.
        await fixture.AdvanceAsync(TimeSpan.FromMinutes(5));
        await fixture.SettledAsync("nothing more to send");

        var mails = MailTo(email);
        Assert.Equal(2, mails.Count);
        var notices = await CustomerNoticesAsync(order);
        Assert.All(notices, n => Assert.Equal((NotificationDelivery.Sent, 3), (n.Delivery!.Status, n.Delivery.Attempts)));
        Assert.Equal(notices.Select(n => n.Delivery!.MessageId).Order(), mails.Select(m => m.MessageId).Order());
        // The platform's default language (zh-CN) for a customer whose order names none.
        Assert.All(mails, m => Assert.Equal("zh-CN", Language(m)));
    }

    [Fact]
    public async Task Issue16_a_notice_whose_every_try_fails_is_recorded_as_failed_after_N_tries_and_audited_and_not_sent_later()
    {
        var email = $"{Unique("di")}@harbour.example";
        await fixture.Smtp.StopAsync();
        IWorkOrderGrain order;
        try
        {
            order = await ReportAsync(IntakeFor("Di Harbour", phone: null, email, NotificationLanguages.English));
            foreach (var wait in new[] { 31, 61, 61 })
            {
                await fixture.SettledAsync("a try while SMTP is down");
                await fixture.AdvanceAsync(TimeSpan.FromSeconds(wait));
            }

            await fixture.SettledAsync("the last try");
        }
        finally
        {
            await fixture.Smtp.StartAsync();
        }

        var notice = Assert.Single(await CustomerNoticesAsync(order));
        Assert.Equal((NotificationDelivery.Failed, 4, (DateTimeOffset?)null), (notice.Delivery!.Status, notice.Delivery.Attempts, notice.Delivery.NextAttemptAt));
        var entry = await fixture.Audit.WaitForAsync(e => e.Action == AuditActions.Deliver && e.WorkOrderId == order.GetPrimaryKeyString(), "the failed delivery audited");
        Assert.Equal(("queued", "failed"), (entry.FromStatus, entry.ToStatus));

        await fixture.AdvanceAsync(TimeSpan.FromMinutes(5));
        await fixture.SettledAsync("nothing more to send");
        Assert.Empty(MailTo(email));

        // Customer service phones instead, and says so: the delivery moves from failed to phoned, audited with the agent
        // as actor; the card no longer counts it; a second call's record is a conflict naming the delivery's state.
        var index = (await order.GetAsync())!.Notifications.ToList().FindIndex(n => n.To == Notification.Customer);
        var card = OrderCard.Of((await order.GetAsync())!);
        Assert.Equal(1, card.FailedDeliveries);
        var agent = new Actor("agent-phone", Roles.Agent);
        var phoned = await order.RecordNoticePhonedAsync(index, agent);
        Assert.Null(phoned.Failure);
        Assert.Equal(NotificationDelivery.Phoned, phoned.Value!.Notifications[index].Delivery!.Status);
        Assert.Equal(0, OrderCard.Of(phoned.Value).FailedDeliveries);
        var told = await fixture.Audit.WaitForAsync(e => e.Action == AuditActions.Deliver && e.ToStatus == NotificationDelivery.Phoned
            && e.WorkOrderId == order.GetPrimaryKeyString(), "the phone call audited");
        Assert.Equal((NotificationDelivery.Failed, "agent-phone"), (told.FromStatus, told.Actor.Id));
        var again = await order.RecordNoticePhonedAsync(index, agent);
        Assert.Equal((FailureKind.Conflict, NotificationDelivery.Phoned), (again.Failure!.Kind, again.Failure.CurrentStatus));
        Assert.Equal(FailureKind.NotFound, (await order.RecordNoticePhonedAsync(99, agent)).Failure!.Kind);
    }

    [Fact]
    public async Task P4_Issue16_SMS_goes_to_the_gateway_signed_once_per_request_id_and_a_gateway_answering_503_is_retried()
    {
        var phone = $"+86 21 {Random.Shared.Next(1000, 9999)} {Random.Shared.Next(1000, 9999)}";
        fixture.Sms.Down = true;
        IWorkOrderGrain order;
        try
        {
            order = await ReportAsync(IntakeFor("Ed Harbour", phone, email: null, NotificationLanguages.Chinese));
            await Step(order, new Triage(true, null), Agent);
            await Step(order, new Dispatch(await GrainSetups.RegisterTechnicianAsync(Grains)), Dispatcher);
            await fixture.SettledAsync("the first tries while the gateway answers 503");
            Assert.All(await CustomerNoticesAsync(order), n => Assert.Equal((NotificationDelivery.Queued, 1), (n.Delivery!.Status, n.Delivery.Attempts)));
        }
        finally
        {
            fixture.Sms.Down = false;
        }

        var id = order.GetPrimaryKeyString();
        await fixture.AdvanceAsync(TimeSpan.FromSeconds(31));
        await fixture.Sms.WaitAsync(a => a.Count(j => (string?)j["workOrderId"] == id) >= 2, "the receipt and the dispatch notice by SMS");
        await fixture.SettledAsync("the deliveries recorded");

        var messages = fixture.Sms.Accepted.Where(j => (string?)j["workOrderId"] == id).ToArray();
        Assert.Equal(2, messages.Length);
        Assert.All(messages, j =>
        {
            Assert.Equal(phone, (string?)j["to"]);
            Assert.Equal("zh-CN", (string?)j["language"]);
            Assert.Contains($"维修单号：{id}", (string?)j["text"], StringComparison.Ordinal);
        });
        var notices = await CustomerNoticesAsync(order);
        Assert.All(notices, n => Assert.Equal((NotificationDelivery.Sent, NotificationChannels.Sms, 2), (n.Delivery!.Status, n.Delivery.Channel, n.Delivery.Attempts)));
        Assert.Equal(notices.Select(n => n.Delivery!.MessageId).Order(), messages.Select(j => (string)j["id"]!).Order());
        Assert.Empty(fixture.Sms.RefusedSignatures);

        // The gateway does check: a request signed with another secret is refused.
        using var http = new HttpClient();
        var body = "{\"id\":\"forged\",\"to\":\"+1\",\"text\":\"x\",\"language\":\"en\",\"workOrderId\":\"x\",\"kind\":\"x\"}"u8.ToArray();
        using var forged = new HttpRequestMessage(HttpMethod.Post, fixture.Sms.Url) { Content = new ByteArrayContent(body) };
        forged.Headers.Add(SmsGatewayChannel.RequestIdHeader, "forged");
        forged.Headers.Add(SmsGatewayChannel.TimestampHeader, "1");
        forged.Headers.Add(SmsGatewayChannel.SignatureHeader, "v1=" + SmsGatewayChannel.Sign("another-secret-of-at-least-thirty-two-bytes", "1", "forged", body));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await http.SendAsync(forged)).StatusCode);
        Assert.Contains("forged", fixture.Sms.RefusedSignatures);
    }

    [Fact]
    public async Task Issue16_a_customer_who_opted_out_of_SMS_is_written_to_by_email_and_one_who_opted_out_of_both_is_not_written_to()
    {
        var customerId = Unique("c");
        var email = $"{customerId}@harbour.example";
        var preferences = Grains.GetGrain<INotificationPreferencesGrain>(INotificationPreferencesGrain.KeyFor(customerId));
        await preferences.SetAsync(emailOptOut: false, smsOptOut: true, new Actor(customerId, Roles.Customer, CustomerId: customerId));
        var phone = $"+86 21 {Random.Shared.Next(1000, 9999)} {Random.Shared.Next(1000, 9999)}";
        var first = await ReportAsync(IntakeFor("Fay Harbour", phone, email, NotificationLanguages.English, customerId));
        await fixture.Smtp.WaitAsync(_ => MailTo(email).Count >= 1, "the receipt by email: SMS is opted out");
        await fixture.SettledAsync("the delivery recorded");
        var notice = Assert.Single(await CustomerNoticesAsync(first));
        Assert.Equal((NotificationChannels.Sms, NotificationChannels.Email, NotificationDelivery.Sent), (notice.Channel, notice.Delivery!.Channel, notice.Delivery.Status));
        Assert.DoesNotContain(fixture.Sms.Accepted, j => (string?)j["workOrderId"] == first.GetPrimaryKeyString());

        await preferences.SetAsync(emailOptOut: true, smsOptOut: true, Agent);
        var second = await ReportAsync(IntakeFor("Fay Harbour", phone, email, NotificationLanguages.English, customerId));
        await fixture.SettledAsync("the opt-out judged");
        Assert.Equal(NotificationDelivery.OptedOut, Assert.Single(await CustomerNoticesAsync(second)).Delivery!.Status);
        Assert.Single(MailTo(email));
        Assert.DoesNotContain(fixture.Sms.Accepted, j => (string?)j["workOrderId"] == second.GetPrimaryKeyString());

        // The customer's own view of the order carries the deliveries.
        var view = await Grains.GetGrain<IWorkOrderDirectoryGrain>(0).CustomerOrderAsync(first.GetPrimaryKeyString(), new Actor(customerId, Roles.Customer, CustomerId: customerId));
        Assert.Equal(NotificationDelivery.Sent, Assert.Single(view!.Read.Order.Notifications).Delivery?.Status);
    }
}
