using System.Net;
using FieldService.Tests.Infrastructure;

namespace FieldService.Tests.Http;

/// <summary>A real SMTP server for a test class and its durable/reactivation variants.</summary>
public sealed class SmtpSinkFixture : IAsyncLifetime
{
    public SmtpSink Smtp { get; } = new();

    public Task InitializeAsync() => Smtp.StartAsync();

    public Task DisposeAsync() => Smtp.StopAsync();
}

/// <summary>
/// Issue 16 over REST, with the host mailing a real SMTP server: the customer reads each notice's delivery on
/// <c>GET /api/me/orders/{id}</c>, and opts out per channel (<c>/api/me/notification-preferences</c>), or an agent does
/// for an order's customer; bad bodies are 422s that change nothing. Run again with every grain deactivated between
/// steps, in memory and on PostgreSQL (<c>Reactivation/</c>).
/// </summary>
public class NotificationApiTests(SmtpSinkFixture sink) : HostedTests, IClassFixture<SmtpSinkFixture>
{
    protected override IReadOnlyDictionary<string, string>? Settings => new Dictionary<string, string>
    {
        ["Notifications:Smtp:Host"] = "127.0.0.1",
        ["Notifications:Smtp:Port"] = sink.Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Notifications:Smtp:Tls"] = "None",
        ["Notifications:Smtp:From"] = "service@fieldservice.example",
    };

    [Fact]
    public async Task CS3_Issue16_the_customer_page_reads_each_notice_s_delivery_and_the_customer_opts_out_of_email()
    {
        var customerId = "c-" + Guid.NewGuid().ToString("N")[..8];
        var email = $"{customerId}@harbour.example";
        var customer = await Factory.Personas.CustomerAsync(customerId);
        var body = Intakes.Body("notify", agreedArrival: false);
        body["customer"]!["phone"] = null;
        body["customer"]!["email"] = email;
        body["customer"]!["language"] = "EN";
        var id = await customer.ReportAsync(body);

        await Factory.Audit.WaitForAsync(e => e.Action == "deliver" && e.WorkOrderId == id, $"the receipt of {id} delivered");
        var mail = Assert.Single(sink.Smtp.Received, m => m.To.Mailboxes.Any(a => a.Address == email));
        Assert.Contains(id, mail.Subject, StringComparison.Ordinal);
        var order = (await customer.GetAsync($"/api/me/orders/{id}"))["order"]!;
        Assert.Equal("en", (string?)order["customer"]!["language"]);
        var delivery = order["notifications"]!.AsArray().Single()!["delivery"]!;
        Assert.Equal(("sent", "email", 1, mail.MessageId), ((string?)delivery["status"], (string?)delivery["channel"], (int?)delivery["attempts"], (string?)delivery["messageId"]));

        // Opting out of email: the next notice is not sent, and says so.
        Assert.Equal((false, false), Flags(await customer.GetAsync("/api/me/notification-preferences")));
        Assert.Equal((true, false), Flags(await customer.PutAsync("/api/me/notification-preferences", new { emailOptOut = true, smsOptOut = false })));
        await (await Factory.Personas.AgentAsync()).PostAsync($"/api/work-orders/{id}/triage", new { onSite = true });
        await (await Factory.Personas.DispatcherAsync()).PostAsync($"/api/work-orders/{id}/dispatch", new { technicianId = await TechnicianAsync() });
        await Factory.Audit.WaitForAsync(e => e.Action == "deliver" && e.WorkOrderId == id && e.ToStatus == "opted-out", $"the dispatch notice of {id} not sent");
        var notices = (await customer.GetAsync($"/api/me/orders/{id}"))["order"]!["notifications"]!.AsArray();
        Assert.Equal(["sent", "opted-out"], notices.Select(n => (string?)n!["delivery"]!["status"]));
        Assert.Single(sink.Smtp.Received, m => m.To.Mailboxes.Any(a => a.Address == email));
    }

    [Fact]
    public async Task Issue16_4_a_notice_refused_for_good_is_phoned_by_an_agent_and_a_read_s_ETag_moves_with_its_deliveries()
    {
        var bounce = $"bounce-{Guid.NewGuid():N}@harbour.example";
        sink.Smtp.Refuses = m => m.To.Mailboxes.Any(a => a.Address == bounce);
        var agent = await Factory.Personas.AgentAsync();
        var body = Intakes.Body("notify", agreedArrival: false);
        body["customer"]!["phone"] = null;
        body["customer"]!["email"] = bounce;
        var id = await agent.ReportAsync(body);
        await Factory.Audit.WaitForAsync(e => e.Action == "deliver" && e.WorkOrderId == id && e.ToStatus == "failed", $"the receipt of {id} refused");

        var failedTag = await TagAsync(agent, id, null, HttpStatusCode.OK);
        Assert.Matches("^\"1-\\d+\"$", failedTag); // version 1, and how far its deliveries got
        await TagAsync(agent, id, failedTag, HttpStatusCode.NotModified);

        await agent.PostAsync($"/api/work-orders/{id}/notifications/0/phoned", null, HttpStatusCode.NoContent);
        var phonedTag = await TagAsync(agent, id, failedTag, HttpStatusCode.OK); // a 304 would hide the call
        Assert.NotEqual(failedTag, phonedTag);
        var order = await agent.GetAsync($"/api/work-orders/{id}");
        Assert.Equal(("phoned", 1L), ((string?)order["notifications"]![0]!["delivery"]!["status"], (long?)order["version"]));
        Assert.Contains(await AuditOfAsync(id), e => (string?)e["action"] == "deliver" && (string?)e["toStatus"] == "phoned" && (string?)e["actor"]!["id"] == "agent-1");

        // A second record, another notice or order: refused, nothing changed.
        var again = await agent.PostAsync($"/api/work-orders/{id}/notifications/0/phoned", null, HttpStatusCode.Conflict);
        Assert.Contains("phoned", (string?)again["currentStatus"] ?? (string?)again["detail"], StringComparison.Ordinal);
        await agent.PostAsync($"/api/work-orders/{id}/notifications/7/phoned", null, HttpStatusCode.NotFound);
        await agent.PostAsync($"/api/work-orders/no-such-order/notifications/0/phoned", null, HttpStatusCode.NotFound);

        // Commands judge the version alone: the tag with the deliveries' part is a valid If-Match.
        await agent.PostAsync($"/api/work-orders/{id}/triage", new { onSite = true }, headers: new Dictionary<string, string> { ["If-Match"] = phonedTag });
        Assert.Equal(2L, (long?)(await agent.GetAsync($"/api/work-orders/{id}"))["version"]);
    }

    [Fact]
    public async Task Issue16_CS4_a_complaint_s_feedback_reaches_its_customer_over_SMTP_in_their_language_once()
    {
        var email = $"c-{Guid.NewGuid():N}@harbour.example";
        var agent = await Factory.Personas.AgentAsync();
        var body = Intakes.Body("notify", agreedArrival: false);
        body["customer"]!["phone"] = null;
        body["customer"]!["email"] = email;
        body["customer"]!["language"] = "zh-CN";
        var id = await agent.ReportAsync(body);
        bool Theirs(MimeKit.MimeMessage m) => m.To.Mailboxes.Any(a => a.Address == email);
        await sink.Smtp.WaitAsync(r => r.Count(Theirs) == 1, $"the receipt of {id} mailed");

        var complaintId = (string)(await agent.PostAsync("/api/complaints",
            new { workOrderId = id, category = "timeliness", customerWords = "Nobody came; call me on 139 0000 1111." }, HttpStatusCode.Created))["id"]!;
        await agent.PostAsync($"/api/complaints/{complaintId}/investigation", new { findings = "Dispatch overlooked the order." });
        await agent.PostAsync($"/api/complaints/{complaintId}/resolution", new { resolution = "Apology; the visit is free of charge.", upheldAgainstTechnician = false });
        await agent.PostAsync($"/api/complaints/{complaintId}/feedback", new { channel = "phone", customerResponse = "Fine, thank you." });

        await sink.Smtp.WaitAsync(r => r.Count(Theirs) == 2, $"the result of complaint {complaintId} mailed to the customer of {id}");
        var mail = sink.Smtp.Received.Where(Theirs).Single(m => m.Subject?.Contains("投诉", StringComparison.Ordinal) == true);
        Assert.Equal([email], mail.To.Mailboxes.Select(a => a.Address));
        Assert.Equal(($"维修单 {id}：您的投诉已有处理结果", "zh-CN", id), (mail.Subject, mail.Body!.Headers[MimeKit.HeaderId.ContentLanguage], mail.Headers["X-FieldService-Work-Order"]));
        Assert.EndsWith($"维修单号：{id}", mail.TextBody!.TrimEnd(), StringComparison.Ordinal);
        foreach (var hidden in new[] { "139 0000 1111", "Dispatch overlooked", "Apology", "Fine, thank you", email })
        {
            Assert.DoesNotContain(hidden, mail.Subject + mail.TextBody, StringComparison.OrdinalIgnoreCase);
        }

        // The mail is out before its outcome is written on the order: the outcome's audit entry comes after that write.
        await Factory.Audit.WaitForAsync(e => e.Action == "deliver" && e.SubjectId == mail.MessageId, $"the delivery of {mail.MessageId} recorded");
        var order = await agent.GetAsync($"/api/work-orders/{id}");
        var notice = order["notifications"]!.AsArray().OfType<System.Text.Json.Nodes.JsonNode>().Single(n => (string?)n["kind"] == "complaint-feedback");
        Assert.Equal((complaintId, "sent", mail.MessageId), ((string?)notice["about"], (string?)notice["delivery"]!["status"], (string?)notice["delivery"]!["messageId"]));
        Assert.Single(await AuditOfAsync(id), e => (string?)e["action"] == "complaint-feedback" && (string?)e["subjectType"] == "work-order");
        // The feedback recorded again is refused by the complaint (it is fed back): no second notice.
        await agent.PostAsync($"/api/complaints/{complaintId}/feedback", new { channel = "phone", customerResponse = "again" }, HttpStatusCode.Conflict);
        Assert.Single((await agent.GetAsync($"/api/work-orders/{id}"))["notifications"]!.AsArray(), n => (string?)n!["kind"] == "complaint-feedback");
    }

    private static async Task<string> TagAsync(ApiClient client, string id, string? ifNoneMatch, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/work-orders/{id}");
        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        using var response = await client.SendRawAsync(request);
        Assert.Equal(expected, response.StatusCode);
        return response.Headers.ETag!.ToString();
    }

    private async Task<List<System.Text.Json.Nodes.JsonNode>> AuditOfAsync(string id) =>
        (await (await Factory.Personas.AsAsync("auditor-1", Roles.Auditor)).GetAsync($"/api/audit?workOrderId={id}"))["items"]!.AsArray().Select(e => e!).ToList();

    [Fact]
    public async Task Issue16_an_agent_opts_an_order_s_customer_out_and_bad_bodies_or_unknown_orders_change_nothing()
    {
        var agent = await Factory.Personas.AgentAsync();
        var id = await agent.ReportAsync(Intakes.Body("notify", agreedArrival: false));
        var path = $"/api/work-orders/{id}/notification-preferences";
        Assert.Equal((false, false), Flags(await agent.GetAsync(path)));

        var missing = await agent.PutAsync(path, new { emailOptOut = true }, HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(missing["errors"]!["smsOptOut"]);
        Assert.Equal((false, false), Flags(await agent.GetAsync(path)));
        await agent.PutAsync("/api/work-orders/no-such-order/notification-preferences", new { emailOptOut = true, smsOptOut = true }, HttpStatusCode.NotFound);

        var saved = await agent.PutAsync(path, new { emailOptOut = false, smsOptOut = true });
        Assert.Equal(((false, true), "agent-1"), (Flags(saved), (string?)saved["updatedBy"]));
        Assert.Equal((false, true), Flags(await agent.GetAsync(path)));
        var technician = await Factory.Personas.TechnicianAsync("t-notify-x");
        await technician.GetAsync(path, HttpStatusCode.Forbidden);

        var bad = Intakes.Body("notify", agreedArrival: false);
        bad["customer"]!["language"] = "fr";
        var refused = await agent.PostAsync("/api/work-orders", bad, HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(refused["errors"]!["customer.language"]);
    }

    private async Task<string> TechnicianAsync()
    {
        var technicianId = "t-" + Guid.NewGuid().ToString("N")[..8];
        var manager = await Factory.Personas.AsAsync("manager-1", Roles.Manager);
        await manager.PutAsync($"/api/technicians/{technicianId}", Intakes.Technician("notify"), HttpStatusCode.Created);
        return technicianId;
    }

    private static (bool Email, bool Sms) Flags(System.Text.Json.Nodes.JsonNode node) => ((bool)node["emailOptOut"]!, (bool)node["smsOptOut"]!);
}
