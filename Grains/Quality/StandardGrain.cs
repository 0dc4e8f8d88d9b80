using FieldService.Audit;
using FieldService.Grains.Common;
using FieldService.Grains.Records;
using FieldService.Quality;

namespace FieldService.Grains.Quality;

/// <summary>What a standard grain persists: every published version and their history.</summary>
[GenerateSerializer, Alias("fs.StandardState")]
public sealed class StandardState
{
    [Id(0)] public List<Standard> Versions { get; set; } = [];

    [Id(1)] public List<AuditEntry> History { get; set; } = [];

    [Id(2)] public long PublishedSequence { get; set; }
}

/// <summary>Q1: one product category's repair standard, versioned. Published versions never change, so an order
/// can always be shown the exact checklist it was checked against.</summary>
public sealed class StandardGrain(
    [PersistentState("standard", StorageNames.Records)] IPersistentState<StandardState> stored,
    RecordPublisher publisher,
    TimeProvider time) : Grain, IStandardGrain
{
    private readonly GuardedState<StandardState> state = new(stored);

    public const string SubjectType = "standard";

    public const int MaxItems = 100;

    private string Category => this.GetPrimaryKeyString();

    public async Task<Result<Standard>> PublishAsync(IReadOnlyList<ChecklistItem> items, string? notes, Actor actor)
    {
        var v = new Validation().Identifier("category", Category).Optional("notes", notes, Validation.MaxText);
        if (items.Count is 0 or > MaxItems)
        {
            v.Add("items", $"must list 1 to {MaxItems} inspection items");
        }

        for (var i = 0; i < items.Count; i++)
        {
            v.Identifier($"items[{i}].id", items[i].Id).Required($"items[{i}].text", items[i].Text, 1000).Required($"items[{i}].method", items[i].Method, 1000);
            if (items.Take(i).Any(x => x.Id == items[i].Id))
            {
                v.Add($"items[{i}].id", $"'{items[i].Id}' is listed twice");
            }
        }

        if (v.ToFailure() is { } invalid)
        {
            return invalid;
        }

        var current = await GetCurrentAsync();
        var now = time.GetUtcNow();
        var standard = new Standard(Category, (current?.Version ?? 0) + 1, items.ToArray(), notes, now, actor.Id);
        state.State.Versions.Add(standard);
        state.State.History.Add(new AuditEntry(SubjectType, Category, state.State.History.Count + 1, now, actor, "publish", null, null,
            $"{Category} standard v{standard.Version}: {items.Count} items" + (string.IsNullOrWhiteSpace(notes) ? "" : "; " + notes), null, null));
        await state.WriteStateAsync(this);
        if (await publisher.PublishAsync(state.State.History, state.State.PublishedSequence, () => Task.CompletedTask, $"standard {Category}") is { } sequence)
        {
            state.State.PublishedSequence = sequence;
        }

        return Result<Standard>.Ok(standard);
    }

    public Task<Standard?> GetCurrentAsync() => Task.FromResult(state.State.Versions.LastOrDefault() ?? BuiltIn());

    public Task<Standard?> GetVersionAsync(int version) =>
        Task.FromResult(state.State.Versions.FirstOrDefault(s => s.Version == version) ?? (BuiltIn() is { } builtIn && builtIn.Version == version ? builtIn : null));

    public Task<IReadOnlyList<Standard>> ListAsync() =>
        Task.FromResult<IReadOnlyList<Standard>>(state.State.Versions.Count > 0 || BuiltIn() is not { } builtIn ? state.State.Versions.ToArray() : [builtIn]);

    /// <summary>The general category starts with the built-in version 1; the first version published there is 2.</summary>
    private Standard? BuiltIn() => Category == Standards.General && state.State.Versions.Count == 0 ? Standards.BuiltInGeneral : null;
}
