namespace FieldService.Grains.Common;

/// <summary>
/// One pending retry of a grain's own work (publishing its records, carrying out its follow-ups): arming it again
/// replaces the pending one, and it keeps the activation alive until it has run, so the retry is not lost to idle
/// collection.
/// </summary>
public sealed class RetryTimer
{
    private IGrainTimer? timer;

    public void Arm(IGrainBase grain, TimeSpan wait, Func<Task> retry)
    {
        timer?.Dispose();
        timer = grain.RegisterGrainTimer(
            async () =>
            {
                timer?.Dispose();
                timer = null;
                await retry();
            },
            new GrainTimerCreationOptions(wait, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }
}
