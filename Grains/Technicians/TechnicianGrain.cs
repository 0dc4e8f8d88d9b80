using FieldService.Audit;
using FieldService.Grains.Common;
using FieldService.Grains.Records;
using FieldService.Technicians;

namespace FieldService.Grains.Technicians;

/// <summary>One technician; the only writer of their assignments, so concurrent dispatches cannot overbook them.</summary>
public sealed class TechnicianGrain(
    [PersistentState("technician", StorageNames.Records)] IPersistentState<TechnicianState> state,
    RecordPublisher publisher,
    ITechnicianIndex index,
    TimeProvider time) : Grain, ITechnicianGrain
{
    private string Id => this.GetPrimaryKeyString();

    private Technician? Current => state.State.Technician;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Current is not null && state.State.PublishedSequence < state.State.History.Count)
        {
            await PublishAsync();
        }
    }

    public Task<Technician?> GetAsync() => Task.FromResult(Current);

    public async Task<Result<Technician>> SaveProfileAsync(TechnicianProfile profile, Actor actor)
    {
        if (TechnicianRules.ValidateProfile(profile) is { } invalid)
        {
            return invalid;
        }

        var now = time.GetUtcNow();
        var before = Current;
        var next = before is null
            ? new Technician { Id = Id, Profile = profile, DutyStatus = TechnicianStatus.Available, Location = profile.Home, LocationAt = now }
            : before with { Profile = profile };
        return await CommitAsync(next, actor, before is null ? "register" : "update-profile", before?.Status, null, null);
    }

    public async Task<Result<Technician>> SetStatusAsync(TechnicianStatus status, string? reason, Actor actor)
    {
        if (Current is not { } before)
        {
            return Failure.NotFound($"No technician {Id}.");
        }

        var v = new Validation().Optional("reason", reason, 1000);
        if (v.ToFailure() is { } invalid)
        {
            return invalid;
        }

        return before.DutyStatus == status
            ? Result<Technician>.Ok(before)
            : await CommitAsync(before with { DutyStatus = status }, actor, "set-status", before.Status, reason, null);
    }

    public async Task<Result<Technician>> ReportLocationAsync(GeoPoint location)
    {
        if (Current is not { } before)
        {
            return Failure.NotFound($"No technician {Id}.");
        }

        if (new Validation().Position("location", location).ToFailure() is { } invalid)
        {
            return invalid;
        }

        var next = before with { Location = location, LocationAt = time.GetUtcNow() };
        return await CommitAsync(next, actor: null, action: null, null, null, null);
    }

    public async Task<Result<Technician>> AssignAsync(string workOrderId, Actor actor)
    {
        if (Current is not { } before)
        {
            return Failure.NotFound($"No technician {Id}.");
        }

        if (before.Assignments.Contains(workOrderId))
        {
            return Result<Technician>.Ok(before);
        }

        if (TechnicianRules.RefuseAssignment(before, workOrderId) is { } refused)
        {
            return refused;
        }

        var next = before with { Assignments = [.. before.Assignments, workOrderId] };
        return await CommitAsync(next, actor, "assign", before.Status, $"work order {workOrderId}", workOrderId);
    }

    public async Task RecordMissedAcceptAsync(string workOrderId, DateTimeOffset at)
    {
        var miss = new MissedAccept(workOrderId, at);
        if (Current is not { } before || before.MissedAccepts.Contains(miss))
        {
            return;
        }

        var next = before with
        {
            MissedAccepts = [.. before.MissedAccepts, miss],
            Assignments = before.Assignments.Where(a => a != workOrderId).ToArray(),
        };
        await CommitAsync(next, Actor.System, "missed-accept", before.Status, $"work order {workOrderId}: offer not accepted in time (P3)", workOrderId);
    }

    public async Task ReleaseAsync(string workOrderId, Actor actor)
    {
        if (Current is not { } before || !before.Assignments.Contains(workOrderId))
        {
            return;
        }

        var next = before with { Assignments = before.Assignments.Where(a => a != workOrderId).ToArray() };
        await CommitAsync(next, actor, "release", before.Status, $"work order {workOrderId}", workOrderId);
    }

    /// <summary>Persists the change (with a history entry unless <paramref name="action"/> is null) and publishes it.</summary>
    private async Task<Result<Technician>> CommitAsync(
        Technician next, Actor? actor, string? action, TechnicianStatus? from, string? reason, string? workOrderId)
    {
        var now = time.GetUtcNow();
        next = next with { Version = next.Version + 1, UpdatedAt = now };
        state.State.Technician = next;
        if (action is not null)
        {
            state.State.History.Add(new AuditEntry(TechnicianRules.SubjectType, Id, state.State.History.Count + 1, now, actor!,
                action, from is { } f ? Kebab.Of(f) : null, Kebab.Of(next.Status), reason, workOrderId, Id));
        }

        await state.WriteStateAsync();
        await PublishAsync();
        return Result<Technician>.Ok(next);
    }

    private async Task PublishAsync()
    {
        var technician = Current!;
        if (await publisher.PublishAsync(state.State.History, state.State.PublishedSequence, () => index.UpsertAsync(technician), $"technician {Id}") is { } sequence)
        {
            state.State.PublishedSequence = sequence;
        }
    }
}
