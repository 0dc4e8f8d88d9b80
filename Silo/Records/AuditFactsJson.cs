using System.Text.Json;
using System.Text.Json.Serialization;
using FieldService.Audit;

namespace FieldService.Silo.Records;

/// <summary>The <c>fs_audit.facts</c> column: <see cref="AuditEntryFacts"/> in the platform's JSON spelling, without the
/// members an entry does not have, which is also the shape the schema script derives for older rows.</summary>
internal static class AuditFactsJson
{
    private static readonly JsonSerializerOptions Options = new(FieldServiceJson.Options)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string? Write(AuditEntryFacts? facts) => facts is null ? null : JsonSerializer.Serialize(facts, Options);

    /// <summary>'{}' (a row converged with no facts to derive) reads as none.</summary>
    public static AuditEntryFacts? Read(string? json) =>
        json is null ? null : JsonSerializer.Deserialize<AuditEntryFacts>(json, Options) is { } facts && facts != Empty ? facts : null;

    private static readonly AuditEntryFacts Empty = new();
}
