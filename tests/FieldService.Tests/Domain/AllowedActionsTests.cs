using FieldService.Grains.WorkOrders;
using FieldService.Tests.Infrastructure;
using FieldService.WorkOrders;

namespace FieldService.Tests.Domain;

/// <summary>Issue 13.4: what a read says a caller may do next is what the lifecycle then accepts from them.</summary>
public sealed class AllowedActionsTests
{
    private static readonly DateTimeOffset Now = ClusterFixture.Start;

    /// <summary>A well-formed command of every type; the claim and the support request they name exist on the sample
    /// orders, so a refusal can only come from the state or the caller.</summary>
    private static readonly Dictionary<Type, WorkOrderCommand> Samples = new WorkOrderCommand[]
    {
        new Triage(true, null), new Dispatch("t-1"), new RequestDispatch(null), new PullBack("needed elsewhere"), new Reassign("t-3", "closer to the site"), new Accept(),
        new DeclineOffer("on leave"), new StartTravel(Now.AddHours(1)), new AnnounceDelay(Now.AddHours(2), "traffic"), new Arrive(),
        new Diagnose("worn relay", false, null), new StartRepair(), new ReportProgress("halfway"),
        new AddCustomerMessage(new ThreadMessage(Channel.Email, "m-1@example", "Re: repair", "any news?", Now)),
        new AwaitParts([new PartNeed("relay-1", 1, null)]), Checks.Complete(), Checks.Pass(), new FileClaim(100m, "scratched floor"),
        new DecideClaim(1, true, 100m, "t-1", "paid"), new RequestSupport("which relay?"), new AnswerSupport(1, "the blue one"),
        new RecordAcceptance("Ms Chen", "data:image/png;base64,iVBORw0KGgo="), new CleanUp(), new RecordCallback(5, null, null),
        new ContactCustomer("phone", null), new RecordReview("storm", "none", "none"), new WithdrawOffer("not accepted in time"),
        new RecordPartsReserved([new PartLine("van-1", "relay-1", 1)], []), new RecordPartsUsed(new PartLine("van-1", "relay-1", 1)),
        new ReserveArrivedParts([new PartNeed("relay-1", 1, null)]), new RecordComplaintFeedback("complaint-1", FieldService.Complaints.ComplaintCategory.Conduct),
        new Cancel("customer withdrew"),
    }.ToDictionary(c => c.GetType());

    private static readonly Actor[] Callers =
    [
        new("agent-1", Roles.Agent), new("dispatcher-1", Roles.Dispatcher), new("user-t-1", Roles.Technician, TechnicianId: "t-1"),
        new("user-t-2", Roles.Technician, TechnicianId: "t-2"), new("user-c-1", Roles.Customer, CustomerId: "c-1"),
        new("user-c-2", Roles.Customer, CustomerId: "c-2"), Checks.Inspector, new("inspector-t-1", "inspector+technician", TechnicianId: "t-1"),
        new("manager-1", Roles.Manager), new("support-1", Roles.Support), new("emergency-1", Roles.Emergency), Actor.System,
    ];

    /// <summary>Every status, as a normal order and as an emergency before and after its review, with a claim and a
    /// support request open or already settled.</summary>
    private static IEnumerable<WorkOrder> Orders()
    {
        var reported = WorkOrderLifecycle.Report("wo-1", null, Intakes.Fault() with { CustomerId = "c-1" }, Actor.System, Now).Value!.Order;
        var review = new PostIncidentReview("storm", "none", "none", Now, "emergency-1");
        foreach (var status in Enum.GetValues<WorkOrderStatus>())
        {
            foreach (var (priority, reviewed) in new[] { (Priority.Normal, (PostIncidentReview?)null), (Priority.Emergency, null), (Priority.Emergency, review) })
            {
                foreach (var settled in new[] { false, true })
                {
                    yield return reported with
                    {
                        Status = status,
                        Priority = priority,
                        Review = reviewed,
                        TechnicianId = "t-1",
                        PartsWaits = [new PartsWait([new PartNeed("relay-1", 1, null)], Now, null)],
                        Claims = [new CompensationClaim(1, 100m, "scratched floor", Now, "agent-1", null,
                            settled ? new ClaimDecision(true, 100m, null, "paid", Now, "manager-1") : null)],
                        SupportRequests = [new SupportRequest(1, "which relay?", Now, "user-t-1", settled ? "the blue one" : null)],
                    };
                }
            }
        }
    }

    [Fact]
    public void Actions_every_command_type_has_a_sample()
    {
        var commands = typeof(WorkOrderCommand).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(WorkOrderCommand)) && !t.IsAbstract);
        Assert.Empty(commands.Where(t => !Samples.ContainsKey(t)).Select(t => t.Name));
    }

    [Fact]
    public void Actions_allowed_are_exactly_the_steps_the_lifecycle_does_not_refuse()
    {
        var disagreements = new List<string>();
        var allowedSomewhere = new HashSet<string>();
        foreach (var order in Orders())
        {
            foreach (var actor in Callers)
            {
                var allowed = WorkOrderLifecycle.AllowedActions(order, actor);
                allowedSomewhere.UnionWith(allowed);
                foreach (var (type, command) in Samples)
                {
                    var result = WorkOrderLifecycle.Decide(order.Id, order, command, actor, Now, quality: Checks.ContextFor(command, Now));
                    var accepted = result.Failure is not { Kind: FailureKind.Conflict or FailureKind.NotFound };
                    if (accepted != allowed.Contains(WorkOrderLifecycle.ActionOf(type)))
                    {
                        disagreements.Add($"{type.Name} by {actor.Id} on {order.Priority} {order.Status} (claim decided: {order.Claims[0].Decision is not null}): "
                            + $"Decide {(accepted ? "accepts" : "refuses: " + result.Failure!.Message)}, AllowedActions {(accepted ? "omits" : "lists")} it");
                    }
                }
            }
        }

        Assert.Empty(disagreements);
        // The comparison must have seen every step allowed somewhere, or it proved nothing about it.
        Assert.Empty(Samples.Keys.Select(WorkOrderLifecycle.ActionOf).Except(allowedSomewhere));
    }

    [Fact]
    public void Actions_follow_the_state_the_caller_and_the_E3_rule()
    {
        var order = Orders().First(o => o is { Status: WorkOrderStatus.Dispatched, Priority: Priority.Normal });
        var assigned = new Actor("user-t-1", Roles.Technician, TechnicianId: "t-1");

        Assert.Contains("accept", WorkOrderLifecycle.AllowedActions(order, assigned));
        Assert.Contains("decline", WorkOrderLifecycle.AllowedActions(order, assigned));
        Assert.DoesNotContain("triage", WorkOrderLifecycle.AllowedActions(order, assigned));
        Assert.Empty(WorkOrderLifecycle.AllowedActions(order, new Actor("user-t-2", Roles.Technician, TechnicianId: "t-2")));

        var emergency = Orders().First(o => o is { Status: WorkOrderStatus.CleanedUp, Priority: Priority.Emergency, Review: null });
        var agent = new Actor("agent-1", Roles.Agent);
        Assert.DoesNotContain("callback", WorkOrderLifecycle.AllowedActions(emergency, agent));
        Assert.Contains("callback", WorkOrderLifecycle.AllowedActions(emergency with { Review = new("storm", "none", "none", Now, "e-1") }, agent));
    }
}
