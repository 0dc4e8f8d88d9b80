using System.Security.Cryptography;
using System.Text;
using FieldService.Intake;
using FieldService.Notifications;
using FieldService.WorkOrders;

namespace FieldService.Grains.Intake;

/// <summary>
/// CS1: what an inbound mail or chat message becomes, decided from the message and the sender's earlier orders (newest
/// first) alone. The rule (README, "Decisions"):
/// <list type="bullet">
/// <item>A message the channel could not read becomes an order holding it as it came, for the triage queue.</item>
/// <item>Its product is the sender's product it names (the channel's serial field, else a known serial number in its
/// subject or text), else the product of the sender's newest order, else one to be confirmed.</item>
/// <item>While an order of the same sender about that product is open (neither closed nor cancelled), the message joins
/// that order's thread; otherwise it becomes a new <c>reported</c> order with the sender's known details.</item>
/// <item>The customer's language (what the platform writes to them in) is the one their earlier order recorded, else
/// the message's own: the language it is labelled with (a mail's Content-Language: <c>zh…</c> or <c>en…</c>), else
/// Chinese when it is written mostly in Chinese characters; else none is recorded and <c>Notifications:DefaultLanguage</c> holds.</item>
/// </list>
/// </summary>
public static class IntakeRules
{
    public static IntakeDecision Decide(InboundMessage message, IReadOnlyList<WorkOrder> sendersOrders, IntakeOptions options)
    {
        var newId = OrderIdOf(message);
        if (message.Unreadable is not null)
        {
            var unreadable = ThreadOf(message, readable: false);
            return new IntakeDecision(IntakeOutcomeKind.Unreadable, newId, NewReport(message, null, null, options, unreadable), unreadable);
        }

        var thread = ThreadOf(message, readable: true);
        var product = NamedProduct(message, sendersOrders) ?? sendersOrders.FirstOrDefault()?.Product;
        if (product is not null
            && sendersOrders.FirstOrDefault(o => IsOpen(o) && SameProduct(o.Product, product)) is { } open)
        {
            return new IntakeDecision(IntakeOutcomeKind.FollowUp, open.Id, null, thread);
        }

        var newest = sendersOrders.FirstOrDefault();
        return new IntakeDecision(IntakeOutcomeKind.NewOrder, newId, NewReport(message, newest, product, options, thread), thread);
    }

    /// <summary>The order a message makes is named by the message, so a second attempt reports the same order (and the
    /// order's own idempotent intake returns it) instead of a second one.</summary>
    public static string OrderIdOf(InboundMessage message)
    {
        var key = IInboundMessageGrain.KeyOf(message.Channel, message.Source, message.MessageId);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"fieldservice/inbound-order/{key}"));
        return new Guid(hash.AsSpan(0, 16)).ToString();
    }

    public static bool IsOpen(WorkOrder order) => order.Status is not (WorkOrderStatus.Closed or WorkOrderStatus.Cancelled);

    private static bool SameProduct(Product a, Product b) =>
        string.Equals(a.SerialNumber.Trim(), b.SerialNumber.Trim(), StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.Model.Trim(), b.Model.Trim(), StringComparison.OrdinalIgnoreCase);

    /// <summary>The sender's product the message names: by the channel's serial field, else a serial number of theirs
    /// that its subject or text contains (the longest first, so "AB-12" does not win over "AB-123").</summary>
    private static Product? NamedProduct(InboundMessage message, IReadOnlyList<WorkOrder> sendersOrders)
    {
        var products = sendersOrders.Select(o => o.Product).Where(p => p.SerialNumber.Trim().Length >= 3).ToList();
        if (message.ProductSerial is { Length: > 0 } serial)
        {
            return products.FirstOrDefault(p => string.Equals(p.SerialNumber.Trim(), serial.Trim(), StringComparison.OrdinalIgnoreCase));
        }

        var text = $"{message.Subject}\n{message.Text}";
        return products.OrderByDescending(p => p.SerialNumber.Trim().Length)
            .FirstOrDefault(p => text.Contains(p.SerialNumber.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    private static ReportFault NewReport(InboundMessage message, WorkOrder? newest, Product? product, IntakeOptions options, ThreadMessage thread)
    {
        var tbc = options.ToBeConfirmed;
        var email = ValidEmail(message.SenderEmail);
        var customer = newest is not null
            ? newest.Customer with
            {
                Email = email ?? newest.Customer.Email,
                Phone = newest.Customer.Phone ?? Cut(message.SenderPhone, 50),
                Language = newest.Customer.Language ?? LanguageOf(message),
            }
            : new Customer(Cut(message.SenderName, 200) ?? NameFrom(email) ?? tbc, Cut(message.SenderPhone, 50), email, tbc, null, LanguageOf(message));
        var description = string.IsNullOrWhiteSpace(message.Subject) ? thread.Text : $"{message.Subject.Trim()}\n\n{thread.Text}";
        return new ReportFault(
            customer,
            product ?? new Product(tbc, tbc, options.DefaultSkill, false),
            new Fault(Cut(description, Validation.MaxText)!, message.Channel),
            Priority.Normal,
            newest?.Region ?? options.DefaultRegion,
            newest?.RequiredSkill ?? new SkillRequirement(options.DefaultSkill, 1),
            null,
            null,
            newest?.CustomerId,
            null,
            thread);
    }

    /// <summary>The language a readable message shows it is written in, among those the platform writes (null: it does
    /// not say). Its label wins over its script: a customer who asks for English may still quote a Chinese name.</summary>
    public static string? LanguageOf(InboundMessage message)
    {
        foreach (var tag in (message.Language ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var primary = tag.Split('-', 2)[0];
            if (primary.Equals("zh", StringComparison.OrdinalIgnoreCase))
            {
                return NotificationLanguages.Chinese;
            }

            if (primary.Equals("en", StringComparison.OrdinalIgnoreCase))
            {
                return NotificationLanguages.English;
            }
        }

        // Written mostly in Chinese: a Chinese character is about a word, an English word about five letters, so a
        // name or a model quoted in the other script does not decide it.
        var text = $"{message.Subject}\n{message.Text}";
        var chinese = text.Count(c => c is >= '\u4e00' and <= '\u9fff');
        return chinese > 0 && chinese * 5 > text.Count(char.IsAsciiLetter) ? NotificationLanguages.Chinese : null;
    }

    private static ThreadMessage ThreadOf(InboundMessage message, bool readable)
    {
        var text = string.IsNullOrWhiteSpace(message.Text) ? "(no text)" : message.Text.Trim();
        return new ThreadMessage(message.Channel, message.MessageId, Cut(message.Subject?.Trim(), 998), Cut(text, InboundMessage.MaxText)!, message.ReceivedAt, readable);
    }

    /// <summary>An address the order may keep (the intake's own check), or null.</summary>
    private static string? ValidEmail(string? email) =>
        email?.Trim() is { Length: > 2 and <= 254 } e && e.Contains('@') && !e.Contains(' ') ? e : null;

    private static string? NameFrom(string? email) => email?.Split('@')[0] is { Length: > 0 } local ? local : null;

    private static string? Cut(string? text, int max) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Length <= max ? text : text[..max];
}
