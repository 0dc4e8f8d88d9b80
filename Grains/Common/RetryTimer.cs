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
        IGrainTimer? armed = null;
        armed = grain.RegisterGrainTimer(
            async () =>
            {
                // Disposed once the retry has run, not before: until then the tick is under way (what the tests'
                // TimerWatch, and the activation's keep-alive, go by). A retry that arms again has replaced it already.
                try
                {
                    await retry();
                }
                finally
                {
                    if (ReferenceEquals(timer, armed))
                    {
                        timer = null;
                    }

                    armed?.Dispose();
                }
            },
            new GrainTimerCreationOptions(wait, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        timer = armed;
    }
}
