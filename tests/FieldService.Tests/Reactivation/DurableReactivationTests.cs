using FieldService.Tests.Http;
using FieldService.Tests.Infrastructure;

namespace FieldService.Tests.Reactivation;

// Issue 12.1, durable mode: the same walks on PostgreSQL (grain state, reminders and records), every idle grain
// deactivated before every call and everything read back unchanged from the database.

/// <summary>The P1→P9 lifecycle, listing and audit, reactivated from PostgreSQL between every step.</summary>
[Collection(PostgresCollection.Name)]
public sealed class WorkOrderWalkDurableReactivationTests(PostgresServer server) : WorkOrderWalkTests
{
    protected override async Task<string?> ConnectionStringAsync() => await server.CreateDatabaseWithSchemaAsync();

    protected override AppFactory Prepare(AppFactory host) => DeactivateBetweenSteps.On(host);
}

/// <summary>Parts: receive, reserve, issue, await parts, stocktake, reactivated from PostgreSQL between every step.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PartsApiDurableReactivationTests(PostgresServer server) : PartsApiTests
{
    protected override async Task<string?> ConnectionStringAsync() => await server.CreateDatabaseWithSchemaAsync();

    protected override AppFactory Prepare(AppFactory host) => DeactivateBetweenSteps.On(host);
}

/// <summary>Complaints and the callback queue, reactivated from PostgreSQL between every step.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ComplaintApiDurableReactivationTests(PostgresServer server) : ComplaintApiTests
{
    protected override async Task<string?> ConnectionStringAsync() => await server.CreateDatabaseWithSchemaAsync();

    protected override AppFactory Prepare(AppFactory host) => DeactivateBetweenSteps.On(host);
}

/// <summary>Standards, self-check, sampling, inspection and rework, reactivated from PostgreSQL between every step.</summary>
[Collection(PostgresCollection.Name)]
public sealed class QualityApiDurableReactivationTests(PostgresServer server) : QualityApiTests
{
    protected override async Task<string?> ConnectionStringAsync() => await server.CreateDatabaseWithSchemaAsync();

    protected override AppFactory Prepare(AppFactory host) => DeactivateBetweenSteps.On(host);
}

/// <summary>Automatic dispatch, its queue, pull-back and manual assignment, shifts and leave, reactivated from PostgreSQL between every step.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DispatchApiDurableReactivationTests(PostgresServer server) : DispatchApiTests
{
    protected override async Task<string?> ConnectionStringAsync() => await server.CreateDatabaseWithSchemaAsync();

    protected override AppFactory Prepare(AppFactory host) => DeactivateBetweenSteps.On(host);
}

/// <summary>Breaches and their escalations, acknowledgement, the emergency roster and plans, reactivated from PostgreSQL between every step.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ClockApiDurableReactivationTests(PostgresServer server) : ClockApiTests
{
    protected override async Task<string?> ConnectionStringAsync() => await server.CreateDatabaseWithSchemaAsync();

    protected override AppFactory Prepare(AppFactory host) => DeactivateBetweenSteps.On(host);
}

/// <summary>The live boards over SignalR on the durable mode, reactivated from PostgreSQL between every step.</summary>
[Collection(PostgresCollection.Name)]
public sealed class BoardHubDurableReactivationTests(PostgresServer server) : BoardHubTests
{
    protected override async Task<string?> ConnectionStringAsync() => await server.CreateDatabaseWithSchemaAsync();

    protected override AppFactory Prepare(AppFactory host) => DeactivateBetweenSteps.On(host);
}

/// <summary>Issue 15.1: the inspection queue's stream on the durable mode (its snapshot read from the PostgreSQL
/// index), reactivated from PostgreSQL between every step.</summary>
[Collection(PostgresCollection.Name)]
public sealed class InspectionHubDurableReactivationTests(PostgresServer server) : InspectionHubTests
{
    protected override async Task<string?> ConnectionStringAsync() => await server.CreateDatabaseWithSchemaAsync();

    protected override AppFactory Prepare(AppFactory host) => DeactivateBetweenSteps.On(host);
}

/// <summary>Issue 14.5: steps replayed with their idempotency keys, reactivated from PostgreSQL between every call.</summary>
[Collection(PostgresCollection.Name)]
public sealed class IdempotencyApiDurableReactivationTests(PostgresServer server) : IdempotencyApiTests
{
    protected override async Task<string?> ConnectionStringAsync() => await server.CreateDatabaseWithSchemaAsync();

    protected override AppFactory Prepare(AppFactory host) => DeactivateBetweenSteps.On(host);
}

/// <summary>Issue 14.5: photos, their caps and their Idempotency-Key, reactivated from PostgreSQL between every step.</summary>
[Collection(PostgresCollection.Name)]
public sealed class AttachmentApiDurableReactivationTests(PostgresServer server) : AttachmentApiTests
{
    protected override async Task<string?> ConnectionStringAsync() => await server.CreateDatabaseWithSchemaAsync();

    protected override AppFactory Prepare(AppFactory host) => DeactivateBetweenSteps.On(host);
}

/// <summary>Issue 15.5: the teams' rosters and every plan version, reactivated from PostgreSQL between every step.</summary>
[Collection(PostgresCollection.Name)]
public sealed class TeamsApiDurableReactivationTests(PostgresServer server) : TeamsApiTests
{
    protected override async Task<string?> ConnectionStringAsync() => await server.CreateDatabaseWithSchemaAsync();

    protected override AppFactory Prepare(AppFactory host) => DeactivateBetweenSteps.On(host);
}

/// <summary>Issue 16: notices' deliveries and opt-outs, reactivated from PostgreSQL between every step.</summary>
[Collection(PostgresCollection.Name)]
public sealed class NotificationApiDurableReactivationTests(PostgresServer server, SmtpSinkFixture sink) : NotificationApiTests(sink)
{
    protected override async Task<string?> ConnectionStringAsync() => await server.CreateDatabaseWithSchemaAsync();

    protected override AppFactory Prepare(AppFactory host) => DeactivateBetweenSteps.On(host);
}
