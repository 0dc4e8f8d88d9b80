namespace FieldService.WorkOrders;

/// <summary>P5: the cause found, told to the customer.</summary>
[GenerateSerializer, Immutable, Alias("fs.Diagnosis")]
public sealed record Diagnosis(
    [property: Id(0)] string Cause,
    [property: Id(1)] bool Complex,
    [property: Id(2)] Estimate? Estimate,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] string By,
    [property: Id(5)] IReadOnlyList<PartNeed>? Parts = null);
