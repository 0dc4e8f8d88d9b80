namespace FieldService;

/// <summary>The outcome of a grain command: the value, or the reason nothing changed.</summary>
[GenerateSerializer, Immutable, Alias("fs.Result`1")]
public sealed record Result<T>([property: Id(0)] T? Value, [property: Id(1)] Failure? Failure)
{
    public bool Succeeded => Failure is null;

    public static Result<T> Ok(T value) => new(value, null);

    public static implicit operator Result<T>(Failure failure) => new(default, failure);
}
