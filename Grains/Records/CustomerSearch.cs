using FieldService.WorkOrders;

namespace FieldService.Grains.Records;

/// <summary>P1: how an agent's search finds a customer of an earlier order: by a part of the name (any case), or by
/// a run of the phone number's digits (spaces, dashes and the country prefix's '+' do not matter).</summary>
public static class CustomerSearch
{
    /// <summary>Fewest digits that are taken as a phone number: fewer match far too many numbers.</summary>
    public const int MinPhoneDigits = 3;

    /// <summary>Whether an index line (which carries only the name) may be one the search finds.</summary>
    public static bool MayMatch(string customerName, string search) =>
        Digits(search).Length >= MinPhoneDigits || NameMatches(customerName, search);

    /// <summary>Whether the order's customer is one the search finds; the phone is matched only when the asker may
    /// see it (H3), so a masked number cannot be probed digit by digit.</summary>
    public static bool Matches(WorkOrder order, string search, bool maySeeContact)
    {
        if (NameMatches(order.Customer.Name, search))
        {
            return true;
        }

        var digits = Digits(search);
        return maySeeContact && digits.Length >= MinPhoneDigits && order.Customer.Phone is { } phone && Digits(phone).Contains(digits, StringComparison.Ordinal);
    }

    /// <summary>One line per customer: their account when they have one, else their name and phone.</summary>
    public static string Key(WorkOrder order) =>
        order.CustomerId ?? $"{order.Customer.Name.Trim().ToUpperInvariant()}|{Digits(order.Customer.Phone ?? "")}";

    public static KnownCustomer Found(WorkOrder order) =>
        new(order.Customer, order.CustomerId, order.Region, order.Product, order.Id, order.ReportedAt);

    /// <summary>CS1: whether a message from this address or number came from the customer: the same address (any
    /// case), or the same digits of a number with at least <see cref="MinSenderDigits"/> of them.</summary>
    public static bool IsSender(Customer customer, string? email, string? phone) =>
        (!string.IsNullOrWhiteSpace(email) && string.Equals(customer.Email?.Trim(), email.Trim(), StringComparison.OrdinalIgnoreCase))
        || (Digits(phone ?? "") is { Length: >= MinSenderDigits } digits && customer.Phone is { } known && Digits(known) == digits);

    /// <summary>Fewest digits a sender's number needs to be matched: shorter ones are extensions, not customers.</summary>
    public const int MinSenderDigits = 6;

    private static bool NameMatches(string name, string search) =>
        search.Trim() is { Length: >= KnownCustomer.MinSearch } text && name.Contains(text, StringComparison.OrdinalIgnoreCase);

    private static string Digits(string text) => new(text.Where(char.IsAsciiDigit).ToArray());
}
