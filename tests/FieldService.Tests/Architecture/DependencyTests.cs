using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using FieldService.Tests.Infrastructure;

namespace FieldService.Tests.Architecture;

/// <summary>
/// Issue 13.3: the web host holds no business logic. It talks to the grains through the contracts of
/// Grains.Interfaces only; the grains know no HTTP or hubs; the contracts know no implementation. Read from the
/// compiled assemblies' metadata (every type a body, signature or attribute names is a TypeReference there), plus a
/// scan of the web host's sources for what the compiler inlines (constants).
/// </summary>
public sealed class DependencyTests
{
    private const string GrainsAssembly = "FieldService.Grains";
    private const string SiloAssembly = "FieldService.Silo";

    /// <summary>The one door from the web host into the silo's assembly: the hosting entry point that co-hosts a silo
    /// or joins the cluster as a client (<c>FieldServiceHosting.AddFieldService…</c>), with the options it binds and the
    /// three hosting concerns it shares with the headless silo (classifying outages as 503, telemetry, the health
    /// endpoints an orchestrator probes). The silo, not
    /// the web host, references the grains' implementation.</summary>
    private static readonly HashSet<string> AllowedSiloTypes =
    [
        "FieldService.Silo.Hosting.FieldServiceHosting",
        "FieldService.Silo.Hosting.ClusterHostingOptions",
        "FieldService.Silo.Hosting.Outages",
        "FieldService.Silo.Hosting.Telemetry",
        "FieldService.Silo.Hosting.HealthChecks",
    ];

    private static Assembly WebHost => typeof(FieldService.WebHost.Apis.Actors).Assembly;

    private static Assembly Grains => typeof(FieldService.Grains.WorkOrders.WorkOrderGrain).Assembly;

    private static Assembly Contracts => typeof(Actor).Assembly;

    private static Assembly Silo => typeof(FieldService.Silo.Hosting.FieldServiceHosting).Assembly;

    [Fact]
    public void P13_3_WebHost_uses_only_grain_contracts()
    {
        var references = ReferencedTypes(WebHost);

        var intoGrains = references.Where(r => r.Assembly == GrainsAssembly).Select(r => r.Type).ToArray();
        var intoSilo = references.Where(r => r.Assembly == SiloAssembly && !AllowedSiloTypes.Contains(r.Type)).Select(r => r.Type).ToArray();

        Assert.True(intoGrains.Length == 0, $"The web host uses grain implementation types: {string.Join(", ", intoGrains)}. Give the grain a contract method in Grains.Interfaces instead.");
        Assert.True(intoSilo.Length == 0, $"The web host uses silo types beyond the hosting entry point: {string.Join(", ", intoSilo)}.");
        Assert.DoesNotContain(AssemblyReferences(WebHost), name => name == GrainsAssembly);
    }

    [Fact]
    public void P13_3_WebHost_sources_name_no_grain_implementation_namespace()
    {
        // Constants (a MaxLength from the lifecycle, say) are copied into the web host's IL and leave no reference
        // behind, so the sources are read too: the same check as `git grep "FieldService.Grains" WebHost`.
        var webHost = Path.Combine(Repository.Root(), "WebHost");
        var offending = Directory.EnumerateFiles(webHost, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, line)))
            .Where(l => ImplementationNamespace.IsMatch(l.line))
            .Select(l => $"{Path.GetRelativePath(webHost, l.f)}:{l.i + 1}: {l.line.Trim()}")
            .ToArray();

        Assert.True(offending.Length == 0, "The web host names grain implementation namespaces:\n" + string.Join('\n', offending));
    }

    [Fact]
    public void P13_3_WebHost_project_references_the_contracts_and_the_hosting_entry_point_only()
    {
        // The silo project is referenced for its hosting entry point (the embedded silo and the cluster client);
        // it brings the grains' assembly along, which the metadata test above keeps the web host from using.
        var project = System.Xml.Linq.XDocument.Load(Path.Combine(Repository.Root(), "WebHost", "WebHost.csproj"));
        var references = project.Descendants("ProjectReference").Select(r => Path.GetFileName(r.Attribute("Include")!.Value.Replace('\\', '/')))
            .Order(StringComparer.Ordinal).ToArray();

        Assert.Subset(new HashSet<string>(["Grains.Interfaces.csproj", "Silo.csproj"]), new HashSet<string>(references));
        Assert.Contains("Silo.csproj", references);
    }

    [Fact]
    public void P13_3_Grains_know_no_http_or_hubs_and_contracts_know_no_implementation()
    {
        static bool IsWeb(string name) => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal);

        Assert.DoesNotContain(AssemblyReferences(Grains), IsWeb);
        Assert.DoesNotContain(ReferencedTypes(Grains), r => IsWeb(r.Assembly) || r.Type.StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal));

        var contractReferences = AssemblyReferences(Contracts);
        Assert.DoesNotContain(contractReferences, name => name is GrainsAssembly or SiloAssembly or "FieldService.WebHost" || IsWeb(name));
    }

    [Fact]
    public void P13_3_the_check_finds_implementation_types_where_they_are_used()
    {
        // The known-bad sample: the silo wires the grains' implementation (indexes, storage), so the same reading of
        // its metadata must find FieldService.Grains types; if it found none, the check above could not fail.
        var siloIntoGrains = ReferencedTypes(Silo).Where(r => r.Assembly == GrainsAssembly).Select(r => r.Type).ToArray();
        Assert.Contains("FieldService.Grains.Records.IWorkOrderIndex", siloIntoGrains);

        // And the source scan recognises the spelling it forbids, but not the contracts' assembly name.
        Assert.Matches(ImplementationNamespace, "using FieldService.Grains.WorkOrders;");
        Assert.Matches(ImplementationNamespace, "[MaxLength(FieldService.Grains.WorkOrders.WorkOrderLifecycle.MaxSignatureLength)]");
        Assert.DoesNotMatch(ImplementationNamespace, "<ProjectReference Include=\"..\\Grains.Interfaces\\Grains.Interfaces.csproj\" />");
    }

    /// <summary>A use of <c>FieldService.Grains</c> or one of its namespaces (not <c>FieldService.Grains.Interfaces</c>,
    /// the contracts' assembly name, which is no namespace anyway).</summary>
    private static readonly Regex ImplementationNamespace = new(@"\bFieldService\.Grains\b(?!\.Interfaces\b)", RegexOptions.CultureInvariant);

    /// <summary>Every type the assembly's metadata refers to in another assembly, with that assembly's name (nested
    /// types count as their outermost type's assembly).</summary>
    private static IReadOnlyList<(string Assembly, string Type)> ReferencedTypes(Assembly assembly)
    {
        using var pe = new PEReader(File.OpenRead(assembly.Location));
        var metadata = pe.GetMetadataReader();
        var found = new List<(string, string)>();
        foreach (var handle in metadata.TypeReferences)
        {
            var type = metadata.GetTypeReference(handle);
            var scope = type.ResolutionScope;
            var name = metadata.GetString(type.Name);
            while (scope.Kind == HandleKind.TypeReference)
            {
                var outer = metadata.GetTypeReference((TypeReferenceHandle)scope);
                name = metadata.GetString(outer.Name) + "+" + name;
                type = outer;
                scope = outer.ResolutionScope;
            }

            if (scope.Kind == HandleKind.AssemblyReference)
            {
                var reference = metadata.GetAssemblyReference((AssemblyReferenceHandle)scope);
                found.Add((metadata.GetString(reference.Name), $"{metadata.GetString(type.Namespace)}.{name}"));
            }
        }

        return found;
    }

    private static IReadOnlyList<string> AssemblyReferences(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(a => a.Name!).ToArray();
}
