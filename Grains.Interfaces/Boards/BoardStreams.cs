namespace FieldService.Boards;

/// <summary>The live streams boards follow: a region's dispatch board, one technician's offers and orders, a team's
/// escalations, the teams' rosters and plans, one customer's orders. Each is one board grain, keyed by the stream name.</summary>
public static class BoardStreams
{
    public static string Dispatch(string region) => $"dispatch.{region}";

    public static string Technician(string technicianId) => $"technician.{technicianId}";

    public static string Team(string team) => $"team.{team}";

    /// <summary>Every team's roster and the emergency plans as they are saved (the admin workspace follows it).</summary>
    public const string TeamRecords = "teams";

    /// <summary>A customer account's orders, as they change (the customer page follows it).</summary>
    public static string Customer(string customerId) => $"{CustomerPrefix}{customerId}";

    public const string CustomerPrefix = "customer.";
}
