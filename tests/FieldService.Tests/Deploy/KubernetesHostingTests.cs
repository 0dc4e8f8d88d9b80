using FieldService.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FieldService.Tests.Deploy;

/// <summary>Issue 17.3: Orleans' Kubernetes hosting is the silo's choice, and start-up refuses it where it cannot work
/// (no pod environment, no PostgreSQL membership) with a message naming what is missing.</summary>
public sealed class KubernetesHostingTests
{
    [Fact]
    public void Issue17_3_kubernetes_hosting_outside_a_pod_names_the_missing_pod_variables()
    {
        Assert.All(new[] { "POD_NAME", "POD_NAMESPACE", "POD_IP" }, v => Assert.Null(Environment.GetEnvironmentVariable(v)));

        var result = new ClusterHostingOptionsValidator().Validate(null, new ClusterHostingOptions { KubernetesHosting = true });

        Assert.True(result.Failed);
        var failure = Assert.Single(result.Failures!);
        Assert.Contains("Orleans:KubernetesHosting", failure, StringComparison.Ordinal);
        Assert.Contains("POD_NAME, POD_NAMESPACE, POD_IP", failure, StringComparison.Ordinal);
        Assert.True(new ClusterHostingOptionsValidator().Validate(null, new ClusterHostingOptions()).Succeeded);
    }

    [Fact]
    public void Issue17_3_kubernetes_hosting_needs_durable_mode()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Orleans:KubernetesHosting"] = "true" });

        var failure = Assert.Throws<OptionsValidationException>(() => builder.AddFieldServiceSilo());

        Assert.Contains("needs durable mode (ConnectionStrings:FieldService)", failure.Message, StringComparison.Ordinal);
    }
}
