namespace FieldService;

/// <summary>The roles of DESIGN.md's table. A user may hold several.</summary>
public static class Roles
{
    public const string Customer = "customer";
    public const string Agent = "agent";
    public const string Dispatcher = "dispatcher";
    public const string Technician = "technician";
    public const string Emergency = "emergency";
    public const string Inspector = "inspector";

    /// <summary>Technical support (Q1, TS1): writes the repair standards and answers technicians' hard faults.</summary>
    public const string Support = "support";
    public const string Storekeeper = "storekeeper";
    public const string Manager = "manager";
    public const string Auditor = "auditor";
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } =
        [Customer, Agent, Dispatcher, Technician, Emergency, Inspector, Support, Storekeeper, Manager, Auditor, Admin];

    /// <summary>Roles whose holders see only their own records: a customer their orders, a technician theirs.</summary>
    public static IReadOnlyList<string> Scoped { get; } = [Customer, Technician];
}
