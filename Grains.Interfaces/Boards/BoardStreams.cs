namespace FieldService.Boards;

/// <summary>The live streams boards follow: a region's dispatch board, one technician's offers and orders, a team's
/// escalations, one customer's orders, technical support's inbox, the inspection queue, the teams' rosters and plans. Each is one board grain, keyed by the stream name.</summary>
public static class BoardStreams
{
    public static string Dispatch(string region) => $"dispatch.{region}";

    public static string Technician(string technicianId) => $"technician.{technicianId}";

    public static string Team(string team) => $"team.{team}";

    /// <summary>TS1: technical support's inbox, every request as it is asked and answered.</summary>
    public const string Support = "support.inbox";

    /// <summary>Every team's roster and the emergency plans as they are saved (the admin workspace follows it).</summary>
    public const string TeamRecords = "teams";

    /// <summary>A customer account's orders, as they change (the customer page follows it).</summary>
    public static string Customer(string customerId) => $"{CustomerPrefix}{customerId}";

    public const string CustomerPrefix = "customer.";

    /// <summary>Q3/Q4: the company's inspection queue (repairs waiting for an inspector or in rework) and each decided
    /// completion, which moves the sampling tallies.</summary>
    public const string Inspection = "inspection";
}
