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

    /// <summary>Orleans' default is 30 s. A call to a silo that died waits until the silo is declared dead (its
    /// pending calls then fail at once) or this timeout, whichever is first; 10 s is three times the slowest ordinary
    /// request measured (triaged → dispatched, p99 1.9 s, mostly the dispatch batch window), with margin for a
    /// loaded 2-core machine. Reports over long periods declare their own, longer timeout on the grain interface.</summary>
    public static readonly TimeSpan DefaultResponseTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Orleans' default is 5 s; with <see cref="DefaultMissedProbesLimit"/> a killed silo is declared dead
    /// after about 3 × 2 s = 6 s instead of 15 s.</summary>
    public static readonly TimeSpan DefaultProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Orleans' default (3): fewer would declare a silo dead for one lost probe.</summary>
    public const int DefaultMissedProbesLimit = 3;

    /// <summary>Orleans' default (2). Orleans needs at most half the active silos (rounded up), so a two-silo
    /// cluster declares the other silo dead on one vote.</summary>
    public const int DefaultVotesForDeathDeclaration = 2;

    /// <summary>Orleans' default is 30 s: how often a silo writes its heartbeat row. A silo that nobody probes (the
    /// last one standing of a pair) is judged by it.</summary>
    public static readonly TimeSpan DefaultIAmAlivePublishPeriod = TimeSpan.FromSeconds(10);

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

    /// <summary>How long a grain call waits for its answer (silos and clients; <c>SiloMessagingOptions</c>,
    /// <c>ClientMessagingOptions</c>).</summary>
    public TimeSpan ResponseTimeout { get; set; } = DefaultResponseTimeout;

    /// <summary>Failure detection: each silo probes the others this often, and a probe not answered within it is
    /// missed (<c>ClusterMembershipOptions.ProbeTimeout</c>; Orleans lengthens it while the silo itself is degraded).</summary>
    public TimeSpan ProbeTimeout { get; set; } = DefaultProbeTimeout;

    /// <summary>Missed probes in a row before a silo votes the probed one dead.</summary>
    public int MissedProbesLimit { get; set; } = DefaultMissedProbesLimit;

    /// <summary>Votes needed to declare a silo dead.</summary>
    public int VotesForDeathDeclaration { get; set; } = DefaultVotesForDeathDeclaration;

    /// <summary>How often a silo writes its heartbeat to the membership table.</summary>
    public TimeSpan IAmAlivePublishPeriod { get; set; } = DefaultIAmAlivePublishPeriod;

    /// <summary>A silo that runs in a Kubernetes pod (<c>Microsoft.Orleans.Hosting.Kubernetes</c>): its name is the pod's,
    /// it advertises the pod's IP, takes the cluster and service ids from the pod's <c>orleans/*</c> labels, and
    /// declares dead the silos whose pods are gone (and deletes pods of silos declared dead). Clustering stays on
    /// PostgreSQL, so it needs durable mode and the pod environment (<c>POD_NAME</c>, <c>POD_NAMESPACE</c>,
    /// <c>POD_IP</c>, <c>ORLEANS_CLUSTER_ID</c>, <c>ORLEANS_SERVICE_ID</c>; deploy/kubernetes/silo.yaml).</summary>
    public bool KubernetesHosting { get; set; }
}

/// <summary>Fails start-up with a message that names the setting.</summary>
public sealed class ClusterHostingOptionsValidator : IValidateOptions<ClusterHostingOptions>
{
    /// <summary>What Orleans' Kubernetes hosting reads at start; without them it would fail later with a less
    /// telling message.</summary>
    private static readonly string[] KubernetesPodVariables = ["POD_NAME", "POD_NAMESPACE", "POD_IP", "ORLEANS_CLUSTER_ID", "ORLEANS_SERVICE_ID"];

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

        if (options.ResponseTimeout < TimeSpan.FromSeconds(1) || options.ResponseTimeout > TimeSpan.FromMinutes(10))
        {
            failures.Add($"Orleans:ResponseTimeout {options.ResponseTimeout} must be between 00:00:01 and 00:10:00.");
        }

        if (options.ProbeTimeout < TimeSpan.FromMilliseconds(500) || options.ProbeTimeout > TimeSpan.FromMinutes(1))
        {
            failures.Add($"Orleans:ProbeTimeout {options.ProbeTimeout} must be between 00:00:00.5 and 00:01:00.");
        }

        if (options.MissedProbesLimit is < 1 or > 10)
        {
            failures.Add($"Orleans:MissedProbesLimit {options.MissedProbesLimit} must be between 1 and 10.");
        }

        if (options.VotesForDeathDeclaration is < 1 or > 10)
        {
            failures.Add($"Orleans:VotesForDeathDeclaration {options.VotesForDeathDeclaration} must be between 1 and 10.");
        }

        if (options.IAmAlivePublishPeriod < TimeSpan.FromSeconds(1) || options.IAmAlivePublishPeriod > TimeSpan.FromMinutes(5))
        {
            failures.Add($"Orleans:IAmAlivePublishPeriod {options.IAmAlivePublishPeriod} must be between 00:00:01 and 00:05:00.");
        }

        if (options.KubernetesHosting)
        {
            var missing = KubernetesPodVariables.Where(v => string.IsNullOrEmpty(Environment.GetEnvironmentVariable(v))).ToArray();
            if (missing.Length > 0)
            {
                failures.Add($"Orleans:KubernetesHosting needs the pod's environment; missing: {string.Join(", ", missing)} (deploy/kubernetes/silo.yaml sets them).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
