using FieldService.Intake;
using FieldService.WorkOrders;

namespace FieldService.Grains.Intake;

/// <summary>What an inbound message becomes, decided once and kept (the inbound message grain's state), so that
/// carrying it out again after a crash does the same thing: a retry never re-decides against orders the first attempt
/// already changed.</summary>
/// <param name="Report">For a new (or unreadable) order: the intake to report under <paramref name="WorkOrderId"/>.</param>
/// <param name="Message">The message as the order's thread keeps it.</param>
[GenerateSerializer, Alias("fs.IntakeDecision")]
public sealed record IntakeDecision(
    [property: Id(0)] IntakeOutcomeKind Kind,
    [property: Id(1)] string WorkOrderId,
    [property: Id(2)] ReportFault? Report,
    [property: Id(3)] ThreadMessage Message);
