using System.Reflection;
using FieldService.Audit;
using FieldService.Clocks;
using FieldService.Grains.Clocks;
using FieldService.Grains.WorkOrders;
using FieldService.Grains.WorkOrders.Phases;
using FieldService.WebHost.Apis;
using FieldService.WebHost.Security;
using FieldService.WorkOrders;

namespace FieldService.Tests.Domain;

/// <summary>
/// Issue 13.2: a command or a clock that is missing somewhere is found here, not as a 500 at run time.
/// "Everywhere it must be" covers, for every concrete <see cref="WorkOrderCommand"/>: exactly one rule in
/// <see cref="CommandRules"/> (which carries its action name, from-states, who may take it, guard, validation,
/// change, reason, facts and notice); an action name that is unique and one of <see cref="AuditActions"/>; at least
/// one state it may be taken in; and, unless only the platform gives it, an entry in WebHost's access policy for
/// its REST route (AccessMatrixTests proves every policy entry is a mapped endpoint, and the host refuses to start
/// with an endpoint missing from the policy), while a platform-only command has no route. For every
/// <see cref="ClockKind"/>: exactly one row in <see cref="ClockCatalog"/> with its clause, report line, deadline
/// source, team and description — there is no default row to fall into.
/// </summary>
public sealed class CommandCoverageTests
{
    private static readonly IReadOnlyList<Type> Commands = typeof(WorkOrderCommand).Assembly.GetTypes()
        .Where(t => t is { IsAbstract: false, IsClass: true } && t.IsSubclassOf(typeof(WorkOrderCommand)))
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .ToArray();

    [Fact]
    public void Every_command_and_clock_is_covered_everywhere_it_must_be()
    {
        Assert.True(Commands.Count >= 28, $"found only {Commands.Count} work order commands");
        var actions = typeof(AuditActions).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToHashSet(StringComparer.Ordinal);

        foreach (var command in Commands)
        {
            var rules = CommandRules.All.Where(r => r.CommandType == command).ToList();
            Assert.True(rules.Count == 1, $"{command.Name} has {rules.Count} rules; it needs exactly one (a CommandRule<{command.Name}> in Grains/WorkOrders/Phases)");
            var rule = rules[0];
            Assert.True(actions.Contains(rule.Action), $"{command.Name}'s action '{rule.Action}' is not an AuditActions constant");
            Assert.True(rule.From.Count > 0, $"{command.Name} may be taken in no state");
            Assert.True(Enum.IsDefined(rule.Who), $"{command.Name} says nothing known about who may take it");
            Assert.Same(rule, CommandRules.For(command));

            var endpoint = WorkOrdersApi.CommandEndpointPrefix + WorkOrderView.RouteOf(rule.Action);
            if (rule.Who == StepActor.Platform)
            {
                Assert.False(AccessPolicy.Endpoints.ContainsKey(endpoint), $"{command.Name} is platform-only but has a route {endpoint}");
            }
            else
            {
                Assert.True(AccessPolicy.Endpoints.TryGetValue(endpoint, out var roles) && roles.Length > 0,
                    $"{command.Name} is a caller command without an access policy entry (and REST route) {endpoint}");
            }
        }

        Assert.Equal(CommandRules.All.Count, Commands.Count);
        Assert.Equal(CommandRules.All.Count, CommandRules.All.Select(r => r.Action).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Commands.Select(WorkOrderLifecycle.ActionOf), Commands.Select(c => CommandRules.For(c).Action));

        var order = WorkOrderLifecycle.Report("wo-1", null, Infrastructure.Intakes.Fault(priority: Priority.Emergency), Actor.System, DateTimeOffset.UnixEpoch)
            .Value!.Order;
        foreach (var kind in Enum.GetValues<ClockKind>())
        {
            var rows = ClockCatalog.Rows.Where(r => r.Kind == kind).ToList();
            Assert.True(rows.Count == 1, $"clock {kind} has {rows.Count} catalog rows; it needs exactly one");
            var row = rows[0];
            Assert.False(string.IsNullOrWhiteSpace(row.Clause) || string.IsNullOrWhiteSpace(row.ReportLine) || string.IsNullOrWhiteSpace(row.Late)
                || string.IsNullOrWhiteSpace(row.Starts) || string.IsNullOrWhiteSpace(row.Stops), $"clock {kind}'s row is incomplete");
            Assert.False(string.IsNullOrWhiteSpace(row.Team(order)), $"clock {kind} escalates to nobody");
            Assert.Equal(row.Clause, SlaClocks.ClauseOf(kind));
            // Only P4's deadline is a time agreed with the customer; every other clock runs for a configured duration.
            Assert.Equal(kind == ClockKind.Arrival, row.Within is null);
            if (row.Within is { } within)
            {
                Assert.True(within(SlaTerms.Default(Priority.Normal)) > TimeSpan.Zero, $"clock {kind} has no deadline");
            }
        }
    }
}
