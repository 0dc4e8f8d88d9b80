using FieldService.Grains.Common;
using FieldService.Notifications;

namespace FieldService.Grains.Notifications;

/// <summary>The single writer of one customer's opt-outs (see <see cref="INotificationPreferencesGrain"/>).</summary>
public sealed class NotificationPreferencesGrain(
    [PersistentState("notificationPreferences", StorageNames.Records)] IPersistentState<NotificationPreferencesState> stored,
    TimeProvider time) : Grain, INotificationPreferencesGrain
{
    private readonly GuardedState<NotificationPreferencesState> state = new(stored);

    public Task<NotificationPreferences> GetAsync() => Task.FromResult(state.State.Preferences ?? NotificationPreferences.Default);

    public async Task<NotificationPreferences> SetAsync(bool emailOptOut, bool smsOptOut, Actor actor)
    {
        state.State.Preferences = new NotificationPreferences(emailOptOut, smsOptOut, time.GetUtcNow(), actor.Id);
        await state.WriteStateAsync(this);
        return state.State.Preferences;
    }
}

[GenerateSerializer, Alias("fs.NotificationPreferencesState")]
public sealed class NotificationPreferencesState
{
    [Id(0)] public NotificationPreferences? Preferences { get; set; }
}
