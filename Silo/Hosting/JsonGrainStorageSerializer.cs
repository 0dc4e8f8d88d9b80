using System.Text.Json;
using Orleans.Storage;

namespace FieldService.Silo.Hosting;

/// <summary>
/// Grain state in PostgreSQL as plain UTF-8 JSON in the platform's spelling (<see cref="FieldServiceJson"/>):
/// readable by an operator (<c>convert_from(payload, 'UTF8')</c>), free of CLR type names (so renaming a class or
/// using compiler-generated collections cannot orphan stored state), tolerant of added members.
/// </summary>
public sealed class JsonGrainStorageSerializer : IGrainStorageSerializer
{
    public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input, FieldServiceJson.Options));

    public T Deserialize<T>(BinaryData input) =>
        input.ToMemory().Length == 0 ? default! : JsonSerializer.Deserialize<T>(input.ToMemory().Span, FieldServiceJson.Options)!;
}
