using System.Collections;
using System.Resources;
using System.Text.RegularExpressions;
using Microsoft.Net.Http.Headers;

namespace FieldService.WebHost.Hosting;

/// <summary>
/// Problem details speak the caller's language: the first of zh-CN and en in Accept-Language (by quality) picks the
/// catalog (ProblemText.resx, ProblemText.zh-CN.resx) the title is translated from; anything else gets English. The
/// code keeps writing English titles, so the catalogs are keyed by them and a title they lack stays as written.
/// The host runs in invariant-globalization mode (no culture data), so the catalogs are read as plain resource sets
/// by language tag rather than through satellite assemblies and CultureInfo. The fields' validation messages in a
/// 422's <c>errors</c> are translated too where the catalog has their template; <c>detail</c> stays as written.
/// </summary>
public static class ProblemLanguage
{
    public const string English = "en";
    public const string Chinese = "zh-CN";

    private static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Titles = new Dictionary<string, IReadOnlyDictionary<string, string>>
    {
        [English] = Load("FieldService.WebHost.Hosting.ProblemText.resources"),
        [Chinese] = Load("FieldService.WebHost.Hosting.ProblemText.zh-CN.resources"),
    };

    private static Dictionary<string, string> Load(string name)
    {
        using var stream = typeof(ProblemLanguage).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The problem-title catalog {name} is not embedded in the web host.");
        using var reader = new ResourceReader(stream);
        // Case-blind, as resx names are: the code's "Not found" and ASP.NET's default "Not Found" share one entry.
        return reader.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!, StringComparer.OrdinalIgnoreCase);
    }

    private const string FieldPrefix = "field: ";

    /// <summary>Per language, each field-message template as a pattern over the English message and the translation
    /// its captured values go into.</summary>
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<(Regex English, string Translated)>> FieldMessages =
        Titles.ToDictionary(c => c.Key, c => (IReadOnlyList<(Regex, string)>)c.Value.Where(e => e.Key.StartsWith(FieldPrefix, StringComparison.Ordinal))
            .Select(e => (Template(e.Key[FieldPrefix.Length..]), e.Value)).ToList());

    private static Regex Template(string english) =>
        new("^" + Regex.Replace(Regex.Escape(english), @"\\\{(\d)}", "(?<v$1>.+?)") + "$", RegexOptions.CultureInvariant);

    public static string FieldMessage(string message, string language)
    {
        foreach (var (english, translated) in FieldMessages[language])
        {
            var match = english.Match(message);
            if (match.Success)
            {
                return Regex.Replace(translated, @"\{(\d)}", m => match.Groups["v" + m.Groups[1].Value].Value);
            }
        }

        return message;
    }

    /// <summary>The language of the answer: the best-rated of the two the platform speaks, English when neither is asked for.</summary>
    public static string For(HttpRequest request)
    {
        IList<StringWithQualityHeaderValue> asked;
        try
        {
            asked = request.GetTypedHeaders().AcceptLanguage;
        }
        catch (FormatException)
        {
            return English; // an unreadable header asks for nothing in particular
        }

        foreach (var language in asked.Where(l => (l.Quality ?? 1) > 0).OrderByDescending(l => l.Quality ?? 1))
        {
            var tag = language.Value.Value ?? "";
            if (tag.StartsWith("zh", StringComparison.OrdinalIgnoreCase))
            {
                return Chinese;
            }

            if (tag.StartsWith("en", StringComparison.OrdinalIgnoreCase))
            {
                return English;
            }
        }

        return English;
    }

    public static string? Title(string? title, string language) =>
        title is not null && Titles[language].TryGetValue(title, out var translated) ? translated : title;

    /// <summary>Runs on every problem the host writes (after the status code's default title is filled in).</summary>
    public static void Translate(ProblemDetailsContext context)
    {
        var language = For(context.HttpContext.Request);
        context.ProblemDetails.Title = Title(context.ProblemDetails.Title, language);
        if (language != English && context.ProblemDetails.Extensions.TryGetValue("errors", out var value) && value is IReadOnlyDictionary<string, string[]> errors)
        {
            context.ProblemDetails.Extensions["errors"] = errors.ToDictionary(e => e.Key, e => e.Value.Select(m => FieldMessage(m, language)).ToArray());
        }

        var response = context.HttpContext.Response;
        response.Headers.ContentLanguage = language;
        response.Headers.Append(HeaderNames.Vary, HeaderNames.AcceptLanguage);
    }
}
