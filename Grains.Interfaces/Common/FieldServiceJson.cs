using System.Text.Json;
using System.Text.Json.Serialization;
using System.Xml;

namespace FieldService;

/// <summary>The JSON spelling of the platform's contracts: camelCase members, kebab-case enum values,
/// ISO 8601 durations (<c>PT2H</c>). Used by the HTTP API and by stored JSON snapshots alike.</summary>
public static class FieldServiceJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>Applies the platform's conventions to options someone else owns (e.g. ASP.NET Core's).</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.Converters.Add(new Iso8601DurationConverter());
        return options;
    }

    /// <summary>Reads and writes <see cref="TimeSpan"/> as an ISO 8601 duration.</summary>
    public sealed class Iso8601DurationConverter : JsonConverter<TimeSpan>
    {
        public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.GetString();
            try
            {
                return XmlConvert.ToTimeSpan(text ?? string.Empty);
            }
            catch (FormatException exception)
            {
                throw new JsonException($"'{text}' is not an ISO 8601 duration such as PT2H30M.", exception);
            }
            catch (OverflowException exception)
            {
                // A JsonException is a malformed request (400); an OverflowException would escape as a 500.
                throw new JsonException($"'{text}' is longer than any duration can be.", exception);
            }
        }

        public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
            writer.WriteStringValue(XmlConvert.ToString(value));
    }
}
