namespace FieldService.TechnicalSupport;

/// <summary>
/// TS1: technical support's inbox across every order — each request open until answered, and the latest answered
/// ones with the time they took. One grain for the company (key 0): requests are a handful a day, and one writer keeps
/// the order of the inbox exact. Fed by the orders' follow-ups (an outbox), so a request the order recorded reaches
/// it even across a crash; each change is pushed on <see cref="Boards.BoardStreams.Support"/>.
/// </summary>
[Alias("fs.ISupportInboxGrain")]
public interface ISupportInboxGrain : IGrainWithIntegerKey
{
    /// <summary>Records the request as it now stands. Idempotent: a repeat, or an open copy arriving after the
    /// answered one, changes nothing.</summary>
    Task RecordAsync(SupportCase supportCase);

    /// <summary>The open requests, longest waiting first, then (unless <paramref name="openOnly"/>) the answered ones,
    /// most recently answered first (at most <see cref="SupportInbox.MaxAnsweredKept"/>).</summary>
    Task<IReadOnlyList<SupportCase>> ListAsync(bool openOnly);
}

/// <summary>Limits of the support inbox.</summary>
public static class SupportInbox
{
    /// <summary>Answered requests the inbox keeps to show (the orders keep every one).</summary>
    public const int MaxAnsweredKept = 200;
}
