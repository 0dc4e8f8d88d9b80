using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;

namespace FieldService.WebHost.Apis;

/// <summary>
/// Rules every text of every request obeys, checked in one place before any handler runs: no NUL character
/// (U+0000) anywhere — in the query, the route or any string of the JSON body, however deep. PostgreSQL cannot store
/// a NUL in text, and C-based tools cut the text there, so a NUL would be lost or fail late. A violation is a 422
/// naming each field by its JSON path (<c>checklist[0].note</c>), like every other invalid value.
/// </summary>
public static class TextRules
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Properties = new();

    /// <summary>Applies the rules to every endpoint of the group (and the groups nested in it).</summary>
    public static TBuilder WithTextRules<TBuilder>(this TBuilder group) where TBuilder : IEndpointConventionBuilder
    {
        group.AddEndpointFilter(async (context, next) =>
        {
            var v = new Validation();
            var request = context.HttpContext.Request;
            foreach (var (key, values) in request.Query)
            {
                Check(key, key, v);
                foreach (var value in values)
                {
                    Check(key, value, v);
                }
            }

            foreach (var (key, value) in request.RouteValues)
            {
                Check(key, value as string, v);
            }

            foreach (var argument in context.Arguments)
            {
                if (argument is not null && IsBody(argument.GetType()))
                {
                    Walk("", argument, v, depth: 0);
                }
            }

            return v.ToFailure() is { } invalid ? Problems.From(invalid) : await next(context);
        });
        return group;
    }

    /// <summary>Request bodies are this assembly's records (<c>…Request</c>, <c>…Body</c>); services and the
    /// HttpContext are left alone.</summary>
    private static bool IsBody(Type type) => type.Assembly == typeof(TextRules).Assembly && type.Namespace == typeof(TextRules).Namespace;

    private static void Check(string field, string? text, Validation v)
    {
        if (text is not null && text.Contains('\0', StringComparison.Ordinal))
        {
            v.Add(field.Length == 0 ? "body" : field, "must not contain a NUL character (U+0000)");
        }
    }

    private static void Walk(string path, object? value, Validation v, int depth)
    {
        // Bodies are trees read from JSON; the bound keeps a pathological nesting from costing more than it must.
        if (value is null || depth > 16)
        {
            return;
        }

        switch (value)
        {
            case string text:
                Check(path, text, v);
                return;
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    var key = entry.Key as string ?? "";
                    Check(path, key, v);
                    Walk(Join(path, key), entry.Value, v, depth + 1);
                }

                return;
            case IEnumerable items:
                var i = 0;
                foreach (var item in items)
                {
                    Walk($"{path}[{i++}]", item, v, depth + 1);
                }

                return;
        }

        if (!IsBody(value.GetType()))
        {
            return;
        }

        foreach (var property in Properties.GetOrAdd(value.GetType(), Readable))
        {
            Walk(Join(path, JsonNamingPolicy.CamelCase.ConvertName(property.Name)), property.GetValue(value), v, depth + 1);
        }
    }

    private static PropertyInfo[] Readable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).ToArray();

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
