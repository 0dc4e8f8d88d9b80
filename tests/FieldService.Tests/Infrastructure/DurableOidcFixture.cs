namespace FieldService.Tests.Infrastructure;

/// <summary>
/// The production shape of issue 14's "done when": the durable mode on a PostgreSQL of its own (not the shared test
/// server, so its lifetime is this fixture's), sign-in only at the real OpenID provider process, no dev tokens, and the
/// sampling rule a company runs (<c>Quality:Sampling = Rule</c>) instead of the tests' usual <c>Always</c>.
/// </summary>
public sealed class DurableOidcFixture : OidcFixture
{
    private readonly PostgresServer postgres = new();

    protected override IReadOnlyDictionary<string, string> MoreSettings { get; } = new Dictionary<string, string>
    {
        ["Quality:Sampling"] = "Rule",
    };

    protected override async Task<string?> DatabaseAsync()
    {
        await postgres.InitializeAsync();
        return await postgres.CreateDatabaseWithSchemaAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await postgres.DisposeAsync();
    }
}
