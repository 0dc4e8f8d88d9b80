using FieldService.Tests.Http;
using FieldService.Tests.Infrastructure;

namespace FieldService.Tests.Reactivation;

// Issue 12.1, embedded mode: the REST walks of Http/ once more, every idle grain of the host deactivated before every
// call and everything read back unchanged (DeactivateBetweenSteps). Each test has a host, hence a cluster, of its own.

/// <summary>The P1→P9 lifecycle, listing and audit, reactivated from memory storage between every step.</summary>
public sealed class WorkOrderWalkReactivationTests : WorkOrderWalkTests
{
    protected override AppFactory Prepare(AppFactory host) => DeactivateBetweenSteps.On(host);
}

/// <summary>Parts: receive, reserve, issue, await parts, stocktake, reactivated from memory storage between every step.</summary>
public sealed class PartsApiReactivationTests : PartsApiTests
{
    protected override AppFactory Prepare(AppFactory host) => DeactivateBetweenSteps.On(host);
}

/// <summary>Complaints and the callback queue, reactivated from memory storage between every step.</summary>
public sealed class ComplaintApiReactivationTests : ComplaintApiTests
{
    protected override AppFactory Prepare(AppFactory host) => DeactivateBetweenSteps.On(host);
}

/// <summary>Standards, self-check, sampling, inspection and rework, reactivated from memory storage between every step.</summary>
public sealed class QualityApiReactivationTests : QualityApiTests
{
    protected override AppFactory Prepare(AppFactory host) => DeactivateBetweenSteps.On(host);
}

/// <summary>Automatic dispatch, its queue, pull-back and manual assignment, shifts and leave, reactivated from memory storage between every step.</summary>
public sealed class DispatchApiReactivationTests : DispatchApiTests
{
    protected override AppFactory Prepare(AppFactory host) => DeactivateBetweenSteps.On(host);
}

/// <summary>Breaches and their escalations, acknowledgement, the emergency roster and plans, reactivated from memory storage between every step.</summary>
public sealed class ClockApiReactivationTests : ClockApiTests
{
    protected override AppFactory Prepare(AppFactory host) => DeactivateBetweenSteps.On(host);
}

/// <summary>The live boards over SignalR, every idle grain deactivated before every REST call.</summary>
public sealed class BoardHubReactivationTests : BoardHubTests
{
    protected override AppFactory Prepare(AppFactory host) => DeactivateBetweenSteps.On(host);
}

/// <summary>Issue 14.5: steps replayed with their idempotency keys, every idle grain deactivated before every call.</summary>
public sealed class IdempotencyApiReactivationTests : IdempotencyApiTests
{
    protected override AppFactory Prepare(AppFactory host) => DeactivateBetweenSteps.On(host);
}

/// <summary>Issue 14.5: photos, listed and read back after every idle grain was deactivated between every step.</summary>
public sealed class AttachmentApiReactivationTests : AttachmentApiTests
{
    protected override AppFactory Prepare(AppFactory host) => DeactivateBetweenSteps.On(host);
}

/// <summary>Issue 15.1: the inspection queue's stream (snapshot, rework, re-inspection, pass), every idle grain
/// deactivated before every REST call.</summary>
public sealed class InspectionHubReactivationTests : InspectionHubTests
{
    protected override AppFactory Prepare(AppFactory host) => DeactivateBetweenSteps.On(host);
}

/// <summary>Issue 15.5: the teams' rosters and every plan version, read back after every idle grain was deactivated.</summary>
public sealed class TeamsApiReactivationTests : TeamsApiTests
{
    protected override AppFactory Prepare(AppFactory host) => DeactivateBetweenSteps.On(host);
}

/// <summary>Issue 16: notices' deliveries and opt-outs, reactivated from memory storage between every step.</summary>
public sealed class NotificationApiReactivationTests(SmtpSinkFixture sink) : NotificationApiTests(sink)
{
    protected override AppFactory Prepare(AppFactory host) => DeactivateBetweenSteps.On(host);
}
