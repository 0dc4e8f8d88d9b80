using FieldService.Grains.Intake;
using FieldService.Intake;
using FieldService.Tests.Infrastructure;
using FieldService.WorkOrders;

namespace FieldService.Tests.Domain;

/// <summary>Issue 16.2/16.3 (CS1): what an inbound message becomes, from the message and the sender's earlier orders alone.</summary>
public sealed class IntakeRulesTests
{
    private static readonly DateTimeOffset Now = ClusterFixture.Start;
    private static readonly IntakeOptions Options = new();

    private static InboundMessage Mail(string text, string? serial = null, string? unreadable = null, string from = "ann@example.com") =>
        new(Channel.Email, "intake@mail/INBOX", "m-" + text.GetHashCode(), "Ann", from, null, "Help", text, Now, [], serial, unreadable);

    private static WorkOrder Order(string id, string serial, WorkOrderStatus status, int daysAgo) => new()
    {
        Id = id, Status = status, Customer = new Customer("Ann Lee", "+86 21 1234 5678", "ann@example.com", "1 Bund Road", null),
        Product = new Product("Model " + serial, serial, "hvac", false), Fault = new Fault("x", Channel.Phone), Priority = Priority.High,
        Region = "south", RequiredSkill = new SkillRequirement("hvac", 3), ReportedAt = Now.AddDays(-daysAgo), ReportedBy = "agent-1",
        CustomerId = "c-ann",
    };

    [Fact]
    public void CS1_a_message_joins_the_open_order_about_the_product_it_names_else_about_the_newest_product()
    {
        var orders = new[] { Order("new", "AC-100", WorkOrderStatus.Triaged, 1), Order("old", "WM-200", WorkOrderStatus.InRepair, 9) };

        Assert.Equal((IntakeOutcomeKind.FollowUp, "old"), Of(IntakeRules.Decide(Mail("the washer WM-200 again"), orders, Options)));
        Assert.Equal((IntakeOutcomeKind.FollowUp, "old"), Of(IntakeRules.Decide(Mail("see form", serial: "wm-200"), orders, Options)));
        Assert.Equal((IntakeOutcomeKind.FollowUp, "new"), Of(IntakeRules.Decide(Mail("any news?"), orders, Options)));
    }

    [Fact]
    public void CS1_with_no_open_order_about_the_product_a_message_makes_a_new_order_with_the_sender_s_known_details()
    {
        var orders = new[] { Order("done", "AC-100", WorkOrderStatus.Closed, 3), Order("open", "WM-200", WorkOrderStatus.Triaged, 9) };

        var decided = IntakeRules.Decide(Mail("the AC-100 broke again"), orders, Options);

        Assert.Equal(IntakeOutcomeKind.NewOrder, decided.Kind);
        Assert.Equal(IntakeRules.OrderIdOf(Mail("the AC-100 broke again")), decided.WorkOrderId);
        var report = decided.Report!;
        Assert.Equal(("AC-100", "south", "c-ann", "1 Bund Road", Channel.Email), (report.Product.SerialNumber, report.Region, report.CustomerId, report.Customer.Address, report.Fault.Channel));
        Assert.Equal("Help\n\nthe AC-100 broke again", report.Fault.Description);
        Assert.Same(decided.Message, report.Inbound);
    }

    [Fact]
    public void CS1_an_unknown_sender_s_report_waits_for_triage_with_what_is_to_be_confirmed_and_an_unreadable_one_names_nobody()
    {
        var unknown = IntakeRules.Decide(Mail("no heat", from: "zed@example.com"), [], Options).Report!;
        var unreadable = IntakeRules.Decide(Mail("\u0001garbage", unreadable: "no sender address", from: ""), [], Options);

        Assert.Equal((Options.DefaultRegion, Options.ToBeConfirmed, Options.ToBeConfirmed, "zed@example.com", "Ann"),
            (unknown.Region, unknown.Customer.Address, unknown.Product.SerialNumber, unknown.Customer.Email, unknown.Customer.Name));
        Assert.Null(FieldService.Grains.WorkOrders.Phases.IntakePhase.ValidateIntake(unknown));
        Assert.Equal((IntakeOutcomeKind.Unreadable, false, null), (unreadable.Kind, unreadable.Message.Readable, unreadable.Report!.Customer.Email));
        Assert.Null(FieldService.Grains.WorkOrders.Phases.IntakePhase.ValidateIntake(unreadable.Report));
    }

    private static (IntakeOutcomeKind, string) Of(IntakeDecision d) => (d.Kind, d.WorkOrderId);

    [Theory]
    [InlineData(null, "洗碗机漏水，今天早上开始的。", "zh-CN")]
    [InlineData("zh-CN", "The dishwasher leaks.", "zh-CN")]
    [InlineData("zh-Hans, en", "The dishwasher leaks.", "zh-CN")]
    [InlineData("en-GB", "洗碗机漏水", "en")]
    [InlineData(null, "The dishwasher from 海尔 leaks since this morning.", null)]
    [InlineData("fr", "Le lave-vaisselle fuit.", null)]
    [InlineData(null, "The dishwasher leaks.", null)]
    public void Issue16_a_new_sender_s_language_is_the_message_s_label_else_its_script_else_none(string? label, string text, string? expected)
    {
        var decided = IntakeRules.Decide(Mail(text) with { Language = label }, [], Options);

        Assert.Equal(expected, decided.Report!.Customer.Language);
    }

    [Fact]
    public void Issue16_a_known_sender_keeps_the_language_their_earlier_order_recorded()
    {
        var earlier = Order("done", "AC-100", WorkOrderStatus.Closed, 3);
        var english = earlier with { Customer = earlier.Customer with { Language = "en" } };

        Assert.Equal("en", IntakeRules.Decide(Mail("空调又坏了") with { Language = "zh-CN" }, [english], Options).Report!.Customer.Language);
        Assert.Equal("zh-CN", IntakeRules.Decide(Mail("空调又坏了"), [earlier], Options).Report!.Customer.Language);
    }
}
