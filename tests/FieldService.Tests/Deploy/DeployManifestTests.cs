using System.Reflection;
using System.Text.Json.Nodes;
using FieldService.Tests.Infrastructure;

namespace FieldService.Tests.Deploy;

/// <summary>
/// Issue 17.2 and 17.3: deploy/kubernetes validates against the Kubernetes OpenAPI schemas (npm's kubernetes-models,
/// run by tests/deploy-validate/validate.mjs, which also parses deploy/compose.yaml with npm's yaml), and the
/// properties no schema checks hold: the silos' Orleans labels, pod environment and RBAC, probes on /health/*, the
/// disruption budget, the grace period, the autoscalers, PostgreSQL only through a Secret, the compose services.
/// </summary>
public sealed class DeployManifestTests
{
    private static readonly TimeSpan ValidatorTimeout = TimeSpan.FromMinutes(2);

    /// <summary>The repository's own deploy/ is validated once for all the tests that read its report.</summary>
    private static readonly Lazy<Task<(int ExitCode, JsonNode? Report, string Errors)>> RepositoryDeploy =
        new(() => ValidateAsync(Path.Combine(Repository.Root(), "deploy")));

    [Fact]
    public async Task Issue17_3_every_kubernetes_manifest_validates_against_the_kubernetes_schemas()
    {
        var result = await RepositoryDeploy.Value;

        Assert.True(result.ExitCode == 0, $"deploy/kubernetes or deploy/compose.yaml is invalid:\n{result.Report?["errors"]}\n{result.Errors}");
        var kinds = Documents(result.Report!).Select(d => $"{d["kind"]}/{d["metadata"]!["name"]}").ToHashSet();
        Assert.Superset(new HashSet<string>
        {
            "Deployment/fieldservice-silo", "Deployment/fieldservice-webhost", "Service/fieldservice-webhost",
            "Ingress/fieldservice-webhost", "PodDisruptionBudget/fieldservice-silo", "HorizontalPodAutoscaler/fieldservice-silo",
            "HorizontalPodAutoscaler/fieldservice-webhost", "Role/fieldservice-silo", "RoleBinding/fieldservice-silo",
            "ServiceAccount/fieldservice-silo", "Job/fieldservice-apply-schema", "Secret/fieldservice-postgres",
        }, kinds);
    }

    [Fact]
    public async Task Issue17_3_the_validator_rejects_a_manifest_that_breaks_the_schema()
    {
        // A copy of deploy/ with one port written as text: the schema says integer, so validation must fail.
        var copy = Directory.CreateTempSubdirectory("fieldservice-deploy-").FullName;
        try
        {
            var source = Path.Combine(Repository.Root(), "deploy");
            Directory.CreateDirectory(Path.Combine(copy, "kubernetes"));
            File.Copy(Path.Combine(source, "compose.yaml"), Path.Combine(copy, "compose.yaml"));
            foreach (var file in Directory.GetFiles(Path.Combine(source, "kubernetes"), "*.yaml"))
            {
                File.Copy(file, Path.Combine(copy, "kubernetes", Path.GetFileName(file)));
            }

            var silo = Path.Combine(copy, "kubernetes", "silo.yaml");
            var text = await File.ReadAllTextAsync(silo);
            Assert.Contains("containerPort: 11111,", text);
            await File.WriteAllTextAsync(silo, text.Replace("containerPort: 11111,", "containerPort: \"eleven\",", StringComparison.Ordinal));

            var result = await ValidateAsync(copy);

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("containerPort must be integer", result.Report!["errors"]!.ToJsonString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public async Task Issue17_3_silos_run_orleans_kubernetes_hosting_with_its_labels_environment_and_rbac()
    {
        var report = (await RepositoryDeploy.Value).Report!;
        var silo = Single(report, "Deployment", "fieldservice-silo");
        var pod = silo["spec"]!["template"]!;
        var labels = pod["metadata"]!["labels"]!;
        Assert.Equal("fieldservice", (string?)labels["orleans/serviceId"]);
        Assert.Equal("fieldservice", (string?)labels["orleans/clusterId"]);

        var container = Container(silo);
        var env = Environment(container);
        Assert.Equal("true", (string?)env["Orleans__KubernetesHosting"]!["value"]);
        Assert.Equal("metadata.name", (string?)env["POD_NAME"]!["valueFrom"]!["fieldRef"]!["fieldPath"]);
        Assert.Equal("metadata.namespace", (string?)env["POD_NAMESPACE"]!["valueFrom"]!["fieldRef"]!["fieldPath"]);
        Assert.Equal("status.podIP", (string?)env["POD_IP"]!["valueFrom"]!["fieldRef"]!["fieldPath"]);
        Assert.Equal("metadata.labels['orleans/serviceId']", (string?)env["ORLEANS_SERVICE_ID"]!["valueFrom"]!["fieldRef"]!["fieldPath"]);
        Assert.Equal("metadata.labels['orleans/clusterId']", (string?)env["ORLEANS_CLUSTER_ID"]!["valueFrom"]!["fieldRef"]!["fieldPath"]);
        var ports = container["ports"]!.AsArray().Select(p => (int)p!["containerPort"]!).ToHashSet();
        Assert.Superset(new HashSet<int> { 11111, 30000, 8080 }, ports);

        // The pod watch of Orleans' Kubernetes hosting: its service account may read and delete pods, in its namespace.
        Assert.Equal("fieldservice-silo", (string?)pod["spec"]!["serviceAccountName"]);
        var role = Single(report, "Role", "fieldservice-silo");
        var rule = Assert.Single(role["rules"]!.AsArray())!;
        Assert.Equal(["pods"], rule["resources"]!.AsArray().Select(n => (string)n!));
        Assert.Equal(["delete", "get", "list", "watch"], rule["verbs"]!.AsArray().Select(n => (string)n!).Order());
        var binding = Single(report, "RoleBinding", "fieldservice-silo");
        Assert.Equal("fieldservice-silo", (string?)binding["roleRef"]!["name"]);
        Assert.Equal("fieldservice-silo", (string?)binding["subjects"]![0]!["name"]);

        // Long enough for Orleans to hand over its grains: the host's shutdown timeout, with margin, below the grace.
        var grace = (int)pod["spec"]!["terminationGracePeriodSeconds"]!;
        var shutdown = int.Parse((string)env["DOTNET_shutdownTimeoutSeconds"]!["value"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(shutdown > 30 && grace >= shutdown + 10, $"silo: shutdown timeout {shutdown} s (> .NET's 30 s) must sit at least 10 s inside terminationGracePeriodSeconds {grace}");
        var pdb = Single(report, "PodDisruptionBudget", "fieldservice-silo");
        Assert.Equal(1, (int?)pdb["spec"]!["maxUnavailable"]);
        Assert.Equal("fieldservice-silo", (string?)pdb["spec"]!["selector"]!["matchLabels"]!["app.kubernetes.io/name"]);
    }

    [Fact]
    public async Task Issue17_3_every_process_is_probed_on_health_runs_non_root_and_reads_postgresql_from_a_secret()
    {
        var report = (await RepositoryDeploy.Value).Report!;
        foreach (var name in new[] { "fieldservice-silo", "fieldservice-webhost" })
        {
            var deployment = Single(report, "Deployment", name);
            var container = Container(deployment);
            Assert.Equal("/health/ready", (string?)container["readinessProbe"]!["httpGet"]!["path"]);
            Assert.Equal("/health/live", (string?)container["livenessProbe"]!["httpGet"]!["path"]);
            var security = deployment["spec"]!["template"]!["spec"]!["securityContext"]!;
            Assert.True((bool?)security["runAsNonRoot"], $"{name} must run as non-root");
            Assert.Equal(1654, (int?)security["runAsUser"]);
            var connection = Environment(container)["ConnectionStrings__FieldService"]!;
            Assert.Equal("fieldservice-postgres", (string?)connection["valueFrom"]!["secretKeyRef"]!["name"]);

            var hpa = Single(report, "HorizontalPodAutoscaler", name);
            Assert.Equal(name, (string?)hpa["spec"]!["scaleTargetRef"]!["name"]);
            var metric = Assert.Single(hpa["spec"]!["metrics"]!.AsArray())!;
            Assert.Equal("cpu", (string?)metric["resource"]!["name"]);
            Assert.NotNull(container["resources"]!["requests"]!["cpu"]);
        }

        // No manifest holds a database address or password outside the example Secret.
        foreach (var document in Documents(report).Where(d => (string?)d["kind"] != "Secret"))
        {
            Assert.DoesNotContain("Password=", document.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        }

        var service = Single(report, "Service", "fieldservice-webhost");
        Assert.Equal("fieldservice-webhost", (string?)service["spec"]!["selector"]!["app.kubernetes.io/name"]);
        var ingress = Single(report, "Ingress", "fieldservice-webhost");
        Assert.Equal("fieldservice-webhost", (string?)ingress["spec"]!["rules"]![0]!["http"]!["paths"]![0]!["backend"]!["service"]!["name"]);
        var web = Environment(Container(Single(report, "Deployment", "fieldservice-webhost")));
        Assert.Equal("false", (string?)web["Orleans__CoHostSilo"]!["value"]);

        // The kustomization applies every manifest but the example Secret (an operator creates their own).
        var files = Documents(report).Select(d => d.Parent!["file"]!.GetValue<string>()).Distinct().Where(f => f != "secrets.example.yaml");
        Assert.Equal(files.Order(), report["kustomization"]!["resources"]!.AsArray().Select(n => (string)n!).Order());
    }

    [Fact]
    public async Task Issue17_2_compose_brings_up_postgresql_the_schema_step_two_silos_and_the_web_host_with_optional_profiles()
    {
        var compose = (await RepositoryDeploy.Value).Report!["compose"]!;
        var services = compose["services"]!.AsObject();
        Assert.Superset(new HashSet<string> { "postgres", "apply-schema", "silo-1", "silo-2", "webhost", "oidc", "mail" }, services.Select(s => s.Key).ToHashSet());

        // The default `up` starts exactly the cluster; the OpenID provider and the mail server only with their profile.
        var always = services.Where(s => s.Value!["profiles"] is null).Select(s => s.Key).Order();
        Assert.Equal(["apply-schema", "postgres", "silo-1", "silo-2", "webhost"], always);
        Assert.Equal("oidc", (string?)services["oidc"]!["profiles"]![0]);
        Assert.Equal("mail", (string?)services["mail"]!["profiles"]![0]);

        Assert.Equal("apply-schema", (string?)services["apply-schema"]!["command"]![0]);
        Assert.Equal("service_healthy", (string?)services["apply-schema"]!["depends_on"]!["postgres"]!["condition"]);
        foreach (var silo in new[] { "silo-1", "silo-2" })
        {
            Assert.Equal("service_completed_successfully", (string?)services[silo]!["depends_on"]!["apply-schema"]!["condition"]);
            var address = (string?)services[silo]!["environment"]!["Orleans__AdvertisedAddress"];
            Assert.Equal(address, (string?)services[silo]!["networks"]!["cluster"]!["ipv4_address"]);
            Assert.StartsWith("fieldservice-silo:", (string?)services[silo]!["image"], StringComparison.Ordinal);
        }

        var web = services["webhost"]!;
        Assert.Equal("false", (string?)web["environment"]!["Orleans__CoHostSilo"]);
        Assert.Equal("8080:8080", (string?)web["ports"]![0]);
        Assert.Equal("service_healthy", (string?)web["depends_on"]!["silo-1"]!["condition"]);
        Assert.Contains("/health/ready", web["healthcheck"]!["test"]!.ToJsonString(), StringComparison.Ordinal);

        // The provider the tests use, moved off loopback, with a web host signing in there.
        var oidc = services["oidc"]!;
        Assert.Contains("provider.mjs", oidc["command"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal((string?)oidc["environment"]!["OIDC_ISSUER"], (string?)services["webhost-oidc"]!["environment"]!["Auth__Authority"]);
        Assert.True(File.Exists(Path.Combine(Repository.Root(), "tests", "oidc-provider", "provider.mjs")));
    }

    private static IEnumerable<JsonNode> Documents(JsonNode report) =>
        report["kubernetes"]!.AsArray().Select(entry => entry!["document"]!);

    private static JsonNode Single(JsonNode report, string kind, string name) =>
        Assert.Single(Documents(report), d => (string?)d["kind"] == kind && (string?)d["metadata"]!["name"] == name);

    private static JsonNode Container(JsonNode deployment) =>
        Assert.Single(deployment["spec"]!["template"]!["spec"]!["containers"]!.AsArray())!;

    private static Dictionary<string, JsonNode> Environment(JsonNode container) =>
        container["env"]!.AsArray().ToDictionary(e => (string)e!["name"]!, e => e!);

    private static async Task<(int ExitCode, JsonNode? Report, string Errors)> ValidateAsync(string deploy)
    {
        var folder = Path.GetFullPath(typeof(DeployManifestTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "DeployValidateDirectory").Value!);
        Assert.True(File.Exists(Path.Combine(folder, "node_modules", "kubernetes-models", "package.json")),
            $"The deploy tests run npm's kubernetes-models and yaml, which are not installed in {folder}: run 'npm ci' there "
            + "(the test project's build does it when node and npm are on the path: 'apt-get install -y nodejs npm').");
        var (exitCode, output, errors) = await Command.RunAsync(folder, "node", ["validate.mjs", deploy], ValidatorTimeout, "install Node.js ('apt-get install -y nodejs npm')");
        var report = output.Length > 0 ? JsonNode.Parse(output) : null;
        Assert.True(report is not null, $"validate.mjs printed no report (exit code {exitCode}):\n{errors}");
        return (exitCode, report, errors);
    }
}
