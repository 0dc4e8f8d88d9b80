using System.Collections;
using System.Reflection;
using System.Text.Json;
using FieldService.Silo.Hosting;
using Orleans.Storage;

namespace FieldService.Tests.Domain;

/// <summary>
/// Issue 12.1: every grain state, whichever grain persists it, survives the grain storage serializer that both the
/// embedded and the durable mode use. The states are found by reflection (every <c>T</c> of an
/// <see cref="IPersistentState{TState}"/> constructor parameter of a grain), so a new grain's state cannot be left
/// out; each is filled in every member, its lists made by collection expressions as the domain code makes them
/// (the compiler's own list types are what broke reactivation).
/// </summary>
public sealed class GrainStateStorageTests
{
    private static readonly Assembly GrainsAssembly = typeof(FieldService.Grains.WorkOrders.WorkOrderState).Assembly;

    public static TheoryData<string> PersistedStates()
    {
        var data = new TheoryData<string>();
        foreach (var type in StateTypes())
        {
            data.Add(type.FullName!);
        }

        return data;
    }

    private static IEnumerable<Type> StateTypes() => GrainsAssembly.GetTypes()
        .Where(t => typeof(Grain).IsAssignableFrom(t) && !t.IsAbstract)
        .SelectMany(t => t.GetConstructors())
        .SelectMany(c => c.GetParameters())
        .Select(p => p.ParameterType)
        .Where(p => p.IsGenericType && p.GetGenericTypeDefinition() == typeof(IPersistentState<>))
        .Select(p => p.GetGenericArguments()[0])
        .Distinct()
        .OrderBy(t => t.FullName, StringComparer.Ordinal);

    [Fact]
    public void Issue12_the_reflection_finds_the_states_of_the_grains()
    {
        var names = StateTypes().Select(t => t.Name).ToList();

        Assert.Superset(new HashSet<string> { "WorkOrderState", "TechnicianState", "EscalationState", "TeamState", "PartsBinState",
            "PartsTransferState", "PurchaseOrderState", "ComplaintState", "SamplerState", "StandardState" }, names.ToHashSet());
    }

    [Theory]
    [MemberData(nameof(PersistedStates))]
    public void Issue12_a_persisted_grain_state_filled_in_every_member_round_trips_through_grain_storage(string stateType)
    {
        var type = GrainsAssembly.GetType(stateType, throwOnError: true)!;
        var state = new Filler().Make(type, depth: 0)!;
        IGrainStorageSerializer storage = new FieldService.Silo.Hosting.JsonGrainStorageSerializer();

        var stored = Invoke(storage, nameof(IGrainStorageSerializer.Serialize), type, state);
        var back = Invoke(storage, nameof(IGrainStorageSerializer.Deserialize), type, stored)!;

        Assert.DoesNotContain(":null", Json(type, state), StringComparison.Ordinal);
        Assert.DoesNotContain("z__", ((BinaryData)stored!).ToString(), StringComparison.Ordinal);
        // Member by member, not through the serializer again: a member it skips must count as lost.
        Assert.Null(FirstDifference(state, back, type.Name));
    }

    /// <summary>Where two values differ (a path through their public members), or null when they are alike.</summary>
    private static string? FirstDifference(object? expected, object? actual, string path)
    {
        if (expected is null || actual is null)
        {
            return expected is null && actual is null ? null : $"{path}: {expected ?? "null"} became {actual ?? "null"}";
        }

        var type = expected.GetType();
        if (type.IsPrimitive || type.IsEnum || expected is string or decimal or DateTimeOffset or DateTime or TimeSpan or Guid or DateOnly or TimeOnly)
        {
            return expected.Equals(actual) ? null : $"{path}: {expected} became {actual}";
        }

        if (expected is IEnumerable expectedItems && actual is IEnumerable actualItems)
        {
            var left = expectedItems.Cast<object?>().ToList();
            var right = actualItems.Cast<object?>().ToList();
            if (left.Count != right.Count)
            {
                return $"{path}: {left.Count} items became {right.Count}";
            }

            return left.Zip(right).Select((pair, i) => FirstDifference(pair.First, pair.Second, $"{path}[{i}]")).FirstOrDefault(d => d is not null);
        }

        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
            .Select(p => FirstDifference(p.GetValue(expected), p.GetValue(actual), $"{path}.{p.Name}"))
            .FirstOrDefault(d => d is not null);
    }

    private static object? Invoke(IGrainStorageSerializer storage, string method, Type type, object? argument) =>
        typeof(IGrainStorageSerializer).GetMethod(method)!.MakeGenericMethod(type).Invoke(storage, [argument]);

    private static string Json(Type type, object value) => JsonSerializer.Serialize(value, type, FieldServiceJson.Options);

    /// <summary>Makes a value of any state member with nothing left at its default: numbers count up, enums take
    /// their last value, abstract types a concrete subtype, lists come from collection expressions.</summary>
    private sealed class Filler
    {
        private const int MaxDepth = 8;
        private int counter;

        private static readonly MethodInfo OneMethod = typeof(Filler).GetMethod(nameof(One), BindingFlags.NonPublic | BindingFlags.Static)!;
        private static readonly MethodInfo TwoMethod = typeof(Filler).GetMethod(nameof(Two), BindingFlags.NonPublic | BindingFlags.Static)!;

        // As the domain writes lists: `[x]` and `[x, y]` give the compiler's own read-only list types.
        private static IReadOnlyList<T> One<T>(T item) => [item];

        private static IReadOnlyList<T> Two<T>(T first, T second) => [first, second];

        public object? Make(Type type, int depth)
        {
            counter++;
            if (Nullable.GetUnderlyingType(type) is { } underlying)
            {
                return Make(underlying, depth);
            }

            if (Scalar(type) is { } scalar)
            {
                return scalar;
            }

            if (depth > MaxDepth)
            {
                throw new InvalidOperationException($"{type} nests deeper than {MaxDepth}: give the filler a way out");
            }

            if (type.IsArray)
            {
                var element = type.GetElementType()!;
                var array = Array.CreateInstance(element, 2);
                array.SetValue(Make(element, depth + 1), 0);
                array.SetValue(Make(element, depth + 1), 1);
                return array;
            }

            if (type.IsGenericType && Collection(type, depth) is { } collection)
            {
                return collection;
            }

            return Composite(type, depth);
        }

        private object? Scalar(Type type)
        {
            var n = counter;
            return type switch
            {
                _ when type == typeof(string) => $"text-{n}",
                _ when type == typeof(bool) => true,
                _ when type == typeof(int) => n,
                _ when type == typeof(long) => (long)n,
                _ when type == typeof(short) => (short)n,
                _ when type == typeof(byte) => (byte)n,
                _ when type == typeof(double) => n + 0.25,
                _ when type == typeof(float) => n + 0.5f,
                _ when type == typeof(decimal) => n + 0.75m,
                _ when type == typeof(Guid) => new Guid(n, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
                _ when type == typeof(DateTimeOffset) => new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero).AddMinutes(n),
                _ when type == typeof(DateTime) => new DateTime(2026, 11, 27, 8, 0, 0, DateTimeKind.Utc).AddMinutes(n),
                _ when type == typeof(TimeSpan) => TimeSpan.FromMinutes(n),
                _ when type == typeof(DateOnly) => new DateOnly(2026, 11, 27).AddDays(n),
                _ when type == typeof(TimeOnly) => new TimeOnly(8, 0).AddMinutes(n),
                _ when type.IsEnum => Enum.GetValues(type).Cast<object>().Last(),
                _ => null,
            };
        }

        private object? Collection(Type type, int depth)
        {
            var definition = type.GetGenericTypeDefinition();
            var arguments = type.GetGenericArguments();
            if (definition == typeof(IReadOnlyList<>) || definition == typeof(IEnumerable<>) || definition == typeof(IReadOnlyCollection<>)
                || definition == typeof(IList<>) || definition == typeof(ICollection<>))
            {
                var element = arguments[0];
                // Both shapes the compiler makes: a single-element list and an array-backed one.
                return counter % 2 == 0
                    ? OneMethod.MakeGenericMethod(element).Invoke(null, [Make(element, depth + 1)])
                    : TwoMethod.MakeGenericMethod(element).Invoke(null, [Make(element, depth + 1), Make(element, depth + 1)]);
            }

            if (definition == typeof(List<>) || definition == typeof(HashSet<>) || definition == typeof(Queue<>)
                || definition == typeof(SortedSet<>) || definition == typeof(LinkedList<>))
            {
                var collection = Activator.CreateInstance(type)!;
                var add = type.GetMethod("Add", [arguments[0]]) ?? type.GetMethod("Enqueue") ?? type.GetMethod("AddLast", [arguments[0]])!;
                add.Invoke(collection, [Make(arguments[0], depth + 1)]);
                add.Invoke(collection, [Make(arguments[0], depth + 1)]);
                return collection;
            }

            if (definition == typeof(Dictionary<,>) || definition == typeof(IReadOnlyDictionary<,>) || definition == typeof(IDictionary<,>)
                || definition == typeof(SortedDictionary<,>))
            {
                var concrete = definition == typeof(SortedDictionary<,>) ? type : typeof(Dictionary<,>).MakeGenericType(arguments);
                var dictionary = (IDictionary)Activator.CreateInstance(concrete)!;
                dictionary[Make(arguments[0], depth + 1)!] = Make(arguments[1], depth + 1);
                dictionary[Make(arguments[0], depth + 1)!] = Make(arguments[1], depth + 1);
                return dictionary;
            }

            return null;
        }

        private object Composite(Type type, int depth)
        {
            if (type.IsAbstract || type.IsInterface)
            {
                var concrete = type.Assembly.GetTypes().Concat(typeof(FieldService.WorkOrders.WorkOrder).Assembly.GetTypes())
                    .Where(t => !t.IsAbstract && type.IsAssignableFrom(t) && t.GetConstructors().Length > 0)
                    .OrderBy(t => t.FullName, StringComparer.Ordinal)
                    .FirstOrDefault() ?? throw new InvalidOperationException($"no concrete type for {type}");
                return Make(concrete, depth)!;
            }

            var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
                ?? throw new InvalidOperationException($"{type} has no public constructor");
            var parameters = constructor.GetParameters();
            var value = constructor.Invoke(parameters.Select(p => Make(p.ParameterType, depth + 1)).ToArray());
            var set = parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                         .Where(p => p.CanWrite && p.SetMethod!.IsPublic && p.GetIndexParameters().Length == 0 && !set.Contains(p.Name)))
            {
                property.SetValue(value, Make(property.PropertyType, depth + 1));
            }

            return value;
        }
    }
}
