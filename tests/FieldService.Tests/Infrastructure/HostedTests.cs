namespace FieldService.Tests.Infrastructure;

/// <summary>
/// Tests against a web host of their own, made anew for each test. By default it is the embedded mode; a derived
/// class can run the very same tests in the durable mode or with a hook between steps (the forced-deactivation runs
/// of issue 12 in <c>Reactivation/</c>), so a walk is written once.
/// </summary>
public abstract class HostedTests : IAsyncLifetime
{
    protected AppFactory Factory { get; private set; } = null!;

    /// <summary>Settings of the host beyond <see cref="AppFactory"/>'s own.</summary>
    protected virtual IReadOnlyDictionary<string, string>? Settings => null;

    /// <summary>The PostgreSQL database of the durable mode, or null for the embedded mode.</summary>
    protected virtual Task<string?> ConnectionStringAsync() => Task.FromResult<string?>(null);

    /// <summary>Last changes to the host before its first call (a <see cref="AppFactory.BetweenSteps"/> hook).</summary>
    protected virtual AppFactory Prepare(AppFactory host) => host;

    /// <summary>What the tests share, once the host is made (signed-in callers).</summary>
    protected virtual Task StartAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        Factory = Prepare(new AppFactory(await ConnectionStringAsync(), settings: Settings));
        await StartAsync();
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}
