using FieldService.WorkOrders;

namespace FieldService.Grains.WorkOrders.Phases;

/// <summary>
/// Every command rule of the phases, found once by reflection: a new command is its record and one rule class (plus
/// its REST binding when callers give it). Two rules for one command, or one command without a rule, stop the first
/// use of the lifecycle with a message naming them (and fail <c>Every_command_and_clock_is_covered_everywhere_it_must_be</c>).
/// </summary>
public static class CommandRules
{
    public static IReadOnlyList<CommandRule> All { get; } = typeof(CommandRule).Assembly.GetTypes()
        .Where(t => t is { IsAbstract: false, IsClass: true } && t.IsSubclassOf(typeof(CommandRule)))
        .Select(t => (CommandRule)Activator.CreateInstance(t)!)
        .OrderBy(r => r.Action, StringComparer.Ordinal)
        .ToArray();

    private static readonly Dictionary<Type, CommandRule> ByCommand = Index();

    public static CommandRule For(Type command) =>
        ByCommand.TryGetValue(command, out var rule) ? rule : throw new InvalidOperationException($"Work order command {command.Name} has no rule.");

    public static CommandRule For(WorkOrderCommand command) => For(command.GetType());

    private static Dictionary<Type, CommandRule> Index()
    {
        var doubled = All.GroupBy(r => r.CommandType).Where(g => g.Count() > 1).Select(g => g.Key.Name).ToList();
        if (doubled.Count > 0)
        {
            throw new InvalidOperationException($"Work order commands with more than one rule: {string.Join(", ", doubled)}.");
        }

        var missing = typeof(WorkOrderCommand).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false } && t.IsSubclassOf(typeof(WorkOrderCommand)) && All.All(r => r.CommandType != t))
            .Select(t => t.Name)
            .ToList();
        return missing.Count > 0
            ? throw new InvalidOperationException($"Work order commands without a rule: {string.Join(", ", missing)}.")
            : All.ToDictionary(r => r.CommandType);
    }
}
