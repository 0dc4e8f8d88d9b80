using FieldService.Grains.Records;
using FieldService.Grains.WorkOrders;
using FieldService.Tests.Infrastructure;
using FieldService.WorkOrders;

namespace FieldService.Tests.Domain;

/// <summary>Issue 14.4 (P1, H3): how a search matches a customer of an earlier order.</summary>
public class CustomerSearchTests
{
    private static WorkOrder Order(string name, string? phone) => WorkOrderLifecycle.Report("wo-s", null, Intakes.Fault(), Actor.System, DateTimeOffset.UnixEpoch).Value!.Order with { Customer = new Customer(name, phone, null, "1 Road", null) };

    [Theory]
    [InlineData("harbour", true)]
    [InlineData("HOTEL", true)]
    [InlineData("5555-0101", true)]
    [InlineData("86 21 5555", true)]
    [InlineData("01", false)] // too few digits to be a phone number, and not in the name
    [InlineData("9999", false)]
    public void P14_4_a_search_matches_part_of_the_name_or_a_run_of_the_phone_digits(string search, bool found) =>
        Assert.Equal(found, CustomerSearch.Matches(Order("Harbour Hotel", "+86 21 5555 0101"), search, maySeeContact: true));

    [Fact]
    public void H3_a_phone_is_not_matched_for_whom_it_stays_masked()
    {
        var order = Order("Harbour Hotel", "+86 21 5555 0101");
        Assert.False(CustomerSearch.Matches(order, "5555 0101", maySeeContact: false));
        Assert.True(CustomerSearch.Matches(order, "Harbour", maySeeContact: false));
    }
}
