using System.Text.Json.Nodes;
using FieldService.Attachments;
using FieldService.Grains.Intake;
using FieldService.Intake;
using FieldService.Tests.Infrastructure;
using FieldService.WorkOrders;
using MailKit;
using MailKit.Search;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace FieldService.Tests.Intake;

/// <summary>
/// Issue 16.2 (CS1): a real IMAP server (Dovecot, <see cref="ThrowawayDovecot"/>) holds mail put there over IMAP; the
/// web host's mailbox reader turns each message into an order once — a duplicate makes none, a follow-up joins the
/// sender's open order, one that cannot be read waits in the triage queue — and marks it only once its order is durable.
/// </summary>
public sealed class MailIntakeTests(ThrowawayDovecot imap) : IClassFixture<ThrowawayDovecot>
{
    internal const string Keyword = "$FieldServiceIntake";

    internal static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 1, 2, 3];

    internal static MimeMessage Mail(string messageId, string? from, string subject, string text, params MimeEntity[] files)
    {
        var mail = new MimeMessage { MessageId = messageId, Subject = subject };
        if (from is not null)
        {
            mail.From.Add(new MailboxAddress("Bob Chen", from));
        }

        mail.To.Add(new MailboxAddress("Service", "service@fieldservice.example"));
        var body = new BodyBuilder { TextBody = text };
        foreach (var file in files)
        {
            body.Attachments.Add(file);
        }

        mail.Body = body.ToMessageBody();
        return mail;
    }

    internal static MimePart File(string name, string type, byte[] content) =>
        new(ContentType.Parse(type)) { FileName = name, Content = new MimeContent(new MemoryStream(content)), ContentTransferEncoding = ContentEncoding.Base64 };

    private Task<IList<UniqueId>> UnmarkedAsync(IMailFolder folder) => imap.UnmarkedAsync(folder.FullName, Keyword);

    [Fact]
    public async Task CS1_mail_in_the_intake_mailbox_becomes_orders_once_each_a_follow_up_joins_the_open_order_and_an_unreadable_one_waits_for_triage()
    {
        using var client = await imap.ConnectAsync();
        var folder = await ThrowawayDovecot.NewFolderAsync(client, "cs1-" + Guid.NewGuid().ToString("N")[..8]);
        var logs = new LogCapture();
        await using var factory = new AppFactory(settings: imap.SettingsFor(folder.FullName), logSink: logs);
        var agent = await factory.Personas.AgentAsync();
        // Alice reported her washer by phone; it is still open.
        var phoned = Intakes.Body("north", agreedArrival: false);
        phoned["customer"]!["name"] = "Alice Wong";
        phoned["customer"]!["email"] = "alice@example.com";
        phoned["product"]!["serialNumber"] = "WM-4471";
        var alicesOrder = await agent.ReportAsync(phoned);

        var first = Mail("leak-1@mail.example", "bob@example.com", "Dishwasher leaking", "Water under the dishwasher since this morning.",
            File("photo.png", "image/png", Png), File("notes.html", "text/html", "<script>alert(1)</script>"u8.ToArray()));
        await folder.AppendAsync(new AppendRequest(first));
        await folder.AppendAsync(new AppendRequest(first)); // the same mail delivered twice
        await folder.AppendAsync(new AppendRequest(Mail("again-1@mail.example", "Alice@Example.com", "Re: washer", "The washer WM-4471 now also smells burnt.")));
        await folder.AppendAsync(new AppendRequest(Mail("garbled-1@mail.example", null, "", "?? ?? ??")));

        var mailbox = factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IMailboxGrain>(IMailboxGrain.Default);
        var poll = await mailbox.PollAsync();

        Assert.Null(poll.Error);
        Assert.Equal(
            [(IntakeOutcomeKind.NewOrder, false), (IntakeOutcomeKind.NewOrder, true), (IntakeOutcomeKind.FollowUp, false), (IntakeOutcomeKind.Unreadable, false)],
            poll.Outcomes.Select(o => (o.Kind, o.Replayed)));
        Assert.Equal(poll.Outcomes[0].WorkOrderId, poll.Outcomes[1].WorkOrderId);
        Assert.Equal(alicesOrder, poll.Outcomes[2].WorkOrderId);
        Assert.Empty(await UnmarkedAsync(folder));

        // The new order: reported by email, the sender as its customer, subject and text as the fault, the files kept,
        // and the reply with its number recorded for the customer.
        var bobs = await agent.GetAsync($"/api/work-orders/{poll.Outcomes[0].WorkOrderId}");
        Assert.Equal(("reported", "email", "bob@example.com", "Bob Chen"), ((string?)bobs["status"], (string?)bobs["fault"]!["channel"],
            (string?)bobs["customer"]!["email"], (string?)bobs["customer"]!["name"]));
        Assert.StartsWith("Dishwasher leaking", (string?)bobs["fault"]!["description"]);
        Assert.Equal("leak-1@mail.example", (string?)bobs["thread"]![0]!["messageId"]);
        Assert.Contains(poll.Outcomes[0].WorkOrderId, (string?)bobs["notifications"]![0]!["text"]);
        Assert.Equal(2, poll.Outcomes[0].AttachmentsKept);
        var files = await agent.GetAsync($"/api/work-orders/{poll.Outcomes[0].WorkOrderId}/attachments");
        // The picture stays a picture; the HTML is kept as opaque bytes, never served as a page.
        Assert.Equal([("message", "image/png", "photo.png"), ("message", "application/octet-stream", "notes.html")],
            files["items"]!.AsArray().Select(f => ((string?)f!["kind"], (string?)f["contentType"], (string?)f["caption"])));

        // The follow-up joined Alice's open order instead of making one.
        var alices = await agent.GetAsync($"/api/work-orders/{alicesOrder}");
        Assert.Equal(["The washer WM-4471 now also smells burnt."], alices["thread"]!.AsArray().Select(m => (string?)m!["text"]));
        var history = (await agent.Http.GetStringAsync($"/api/work-orders/{alicesOrder}/history"));
        Assert.Contains("\"customer-message\"", history);
        Assert.Single(await factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IWorkOrderDirectoryGrain>(0).OrdersOfSenderAsync("alice@example.com", null));

        // The unreadable one is an order of its own in the triage queue, holding the message as it came.
        var garbled = await agent.GetAsync($"/api/work-orders/{poll.Outcomes[3].WorkOrderId}");
        Assert.Equal(("reported", "north", false), ((string?)garbled["status"], (string?)garbled["region"], (bool?)garbled["thread"]![0]!["readable"]));
        var original = await agent.GetAsync($"/api/work-orders/{poll.Outcomes[3].WorkOrderId}/attachments");
        Assert.Equal("original.eml", (string?)original["items"]![0]!["caption"]);

        // Read again, the mailbox has nothing new.
        Assert.Empty((await mailbox.PollAsync()).Outcomes);

        // H3 and the mailbox's secret: the intake is logged, the senders' addresses and the password are not.
        var logged = string.Join('\n', logs.Lines);
        Assert.Contains("Inbound email message", logged, StringComparison.Ordinal);
        foreach (var secret in new[] { "bob@example.com", "alice@example.com", imap.Password })
        {
            Assert.DoesNotContain(secret, logged, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Issue16_a_crash_between_the_order_being_made_and_the_mail_being_marked_makes_no_second_order()
    {
        using var client = await imap.ConnectAsync();
        var folder = await ThrowawayDovecot.NewFolderAsync(client, "crash-" + Guid.NewGuid().ToString("N")[..8]);
        var crash = new CrashBeforeMarking();
        await using var factory = new AppFactory(settings: imap.SettingsFor(folder.FullName),
            testServices: services => services.AddSingleton<IMailbox>(p => crash.Around(ActivatorUtilities.CreateInstance<FieldService.Silo.Intake.ImapMailbox>(p))));
        await folder.AppendAsync(new AppendRequest(Mail("crash-1@mail.example", "carol@example.com", "Oven dead", "No heat at all.")));
        var grains = factory.Services.GetRequiredService<IGrainFactory>();
        var mailbox = grains.GetGrain<IMailboxGrain>(IMailboxGrain.Default);

        var crashed = await mailbox.PollAsync();

        // The order is durable, the mail unmarked: what a silo dying between the two leaves behind.
        Assert.Equal(CrashBeforeMarking.Message, crashed.Error);
        var made = Assert.Single(await grains.GetGrain<IWorkOrderDirectoryGrain>(0).OrdersOfSenderAsync("carol@example.com", null));
        Assert.Single(await UnmarkedAsync(folder));

        var again = await mailbox.PollAsync();

        var outcome = Assert.Single(again.Outcomes);
        Assert.Equal((made.Id, true), (outcome.WorkOrderId, outcome.Replayed));
        Assert.Single(await grains.GetGrain<IWorkOrderDirectoryGrain>(0).OrdersOfSenderAsync("carol@example.com", null));
        Assert.Empty(await UnmarkedAsync(folder));
    }
}
