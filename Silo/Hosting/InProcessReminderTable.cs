using System.Globalization;

namespace FieldService.Silo.Hosting;

/// <summary>
/// The embedded mode's reminder table: a table in this process rather than Orleans' in-memory one, which is a grain
/// and so is deactivated when the silo stops — after which a grain registering a reminder in its last turn waited on
/// a placement that could not succeed until the host's stop timed out (see <see cref="InProcessGrainStorage"/>).
/// One silo owns every range in the embedded mode; the range reads still honour (begin, end] with wrap-around, as
/// the reminder service asks for them.
/// </summary>
public sealed class InProcessReminderTable : IReminderTable
{
    private readonly Lock gate = new();
    private readonly Dictionary<(GrainId Grain, string Name), ReminderEntry> rows = [];
    private long lastTag;

    public Task<ReminderTableData> ReadRows(GrainId grainId)
    {
        lock (gate)
        {
            return Task.FromResult(new ReminderTableData(rows.Values.Where(r => r.GrainId == grainId).Select(Copy).ToList()));
        }
    }

    public Task<ReminderTableData> ReadRows(uint begin, uint end)
    {
        lock (gate)
        {
            return Task.FromResult(new ReminderTableData(rows.Values.Where(r => InRange(r.GrainId.GetUniformHashCode(), begin, end)).Select(Copy).ToList()));
        }
    }

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
    {
        lock (gate)
        {
            return Task.FromResult(rows.TryGetValue((grainId, reminderName), out var row) ? Copy(row) : null);
        }
    }

    public Task<string?> UpsertRow(ReminderEntry entry)
    {
        lock (gate)
        {
            var stored = Copy(entry);
            stored.ETag = (++lastTag).ToString(CultureInfo.InvariantCulture);
            rows[(entry.GrainId, entry.ReminderName)] = stored;
            return Task.FromResult<string?>(stored.ETag);
        }
    }

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        lock (gate)
        {
            return Task.FromResult(rows.TryGetValue((grainId, reminderName), out var row) && row.ETag == eTag && rows.Remove((grainId, reminderName)));
        }
    }

    public Task TestOnlyClearTable()
    {
        lock (gate)
        {
            rows.Clear();
        }

        return Task.CompletedTask;
    }

    /// <summary>(begin, end]; when begin ≥ end the range wraps past <see cref="uint.MaxValue"/>.</summary>
    private static bool InRange(uint hash, uint begin, uint end) => begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;

    private static ReminderEntry Copy(ReminderEntry row) => new()
    {
        GrainId = row.GrainId,
        ReminderName = row.ReminderName,
        StartAt = row.StartAt,
        Period = row.Period,
        ETag = row.ETag,
    };
}
