using System.Net;
using Microsoft.Extensions.Options;

namespace FieldService.Silo.Hosting;

/// <summary>How this process takes part in the Orleans cluster (section <c>Orleans</c>).</summary>
public sealed class ClusterHostingOptions
{
    public const string SectionName = "Orleans";
    public const string DefaultClusterId = "fieldservice";
    public const string DefaultServiceId = "fieldservice";
    public const int DefaultSiloPort = 11111;
    public const int DefaultGatewayPort = 30000;

    /// <summary>Silos and clients with the same cluster id form one cluster.</summary>
    public string ClusterId { get; set; } = DefaultClusterId;

    /// <summary>Stable across deployments: grain state and reminders are stored under it.</summary>
    public string ServiceId { get; set; } = DefaultServiceId;

    /// <summary>Port for silo-to-silo traffic.</summary>
    public int SiloPort { get; set; } = DefaultSiloPort;

    /// <summary>Port clients (web hosts without a silo) connect to.</summary>
    public int GatewayPort { get; set; } = DefaultGatewayPort;

    /// <summary>The address other silos reach this one at (durable mode). Loopback suits a cluster on one machine.</summary>
    public string AdvertisedAddress { get; set; } = IPAddress.Loopback.ToString();

    /// <summary>Whether the web host runs a silo in its own process (true) or joins the cluster as a client.</summary>
    public bool CoHostSilo { get; set; } = true;

    /// <summary>How long a grain stays idle before Orleans deactivates it (its state is read back from storage on the
    /// next call). Unset: Orleans' default (15 minutes). A short age makes reactivation happen often, which the soak
    /// check (deploy/scripts/soak.sh) relies on; it must exceed Orleans' collection quantum (one minute).</summary>
    public TimeSpan? CollectionAge { get; set; }

    /// <summary>Collects grain statistics for the Orleans Dashboard (served by the web host at /dashboard).</summary>
    public bool Dashboard { get; set; } = true;
}

/// <summary>Fails start-up with a message that names the setting.</summary>
public sealed class ClusterHostingOptionsValidator : IValidateOptions<ClusterHostingOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterHostingOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            failures.Add("Orleans:ClusterId must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(options.ServiceId))
        {
            failures.Add("Orleans:ServiceId must not be empty.");
        }

        if (options.SiloPort is < 0 or > 65535)
        {
            failures.Add($"Orleans:SiloPort {options.SiloPort} is not a TCP port.");
        }

        if (options.GatewayPort is < 0 or > 65535)
        {
            failures.Add($"Orleans:GatewayPort {options.GatewayPort} is not a TCP port.");
        }

        if (!IPAddress.TryParse(options.AdvertisedAddress, out _))
        {
            failures.Add($"Orleans:AdvertisedAddress '{options.AdvertisedAddress}' is not an IP address.");
        }

        if (options.CollectionAge is { } age && age <= Orleans.Configuration.GrainCollectionOptions.DEFAULT_COLLECTION_QUANTUM)
        {
            failures.Add($"Orleans:CollectionAge {age} must be longer than Orleans' collection quantum ({Orleans.Configuration.GrainCollectionOptions.DEFAULT_COLLECTION_QUANTUM}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
