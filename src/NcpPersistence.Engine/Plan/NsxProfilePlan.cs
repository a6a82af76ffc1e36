namespace NcpPersistence.Plan;

/// <summary>
/// What NCP will create in NSX for the analysed manifests and configuration: persistence profiles,
/// virtual servers, the L4/L7 conflicts and the Ingresses left to other controllers
/// (contract.md, "The NSX profile plan"). Built by <see cref="PlanBuilder"/>, written by
/// <see cref="PlanWriter"/>, read back (for a baseline) by <see cref="PlanReader"/>.
/// Every list is in a stable order, so equal inputs give byte-identical artifacts.
/// </summary>
public sealed record NsxProfilePlan(string SchemaVersion, IReadOnlyList<PlanCluster> Clusters)
{
    /// <summary>
    /// 2.1: 2.0 plus, per cluster, the NCP release, the load-balancing settings, capacity, Routes and LoadBalancer
    /// resources (additive: a 2.0 reader that ignores unknown properties reads it). 2.0: the plan is per cluster
    /// (per NCP configuration scope); 1.x plans (one cluster, at the top level) are still read.
    /// </summary>
    public const string CurrentSchemaVersion = "2.1";

    /// <summary>What changed against the base branch's plan; null when no baseline plan was given.</summary>
    public PlanDelta? Delta { get; init; }

    /// <summary>The totals over every cluster.</summary>
    public PlanSummary Summary => PlanSummary.Sum(Clusters.Select(c => c.Summary));
}

/// <summary>
/// The plan of one cluster: what NCP creates under one NCP configuration for the manifests of its scope
/// (contract.md, "Scopes"). <paramref name="Key"/> is the scope's stable identity (cluster name, configuration
/// path, <c>given</c> or <c>default</c>); <paramref name="Name"/> the settings file's cluster name, if any;
/// <paramref name="Configuration"/> where the configuration is written; <paramref name="Scope"/> the folder the scope covers, if automatic.
/// </summary>
public sealed record PlanCluster(
    string Key,
    string? Name,
    PlanOrigin? Configuration,
    string? Scope,
    PlanNcpConfig NcpConfig,
    IReadOnlyList<PlanProfile> Profiles,
    IReadOnlyList<PlanVirtualServer> VirtualServers,
    IReadOnlyList<PlanIngress> Ingresses,
    IReadOnlyList<PlanConflict> Conflicts,
    IReadOnlyList<PlanSkippedIngress> Skipped)
{
    public PlanSummary Summary => PlanSummary.Of(this);

    /// <summary>How the Markdown and the delta name the cluster.</summary>
    public string Label => Name ?? Key;

    /// <summary>The NCP release the configuration is checked for (<c>--ncp-version</c>, a cluster's <c>ncpVersion</c>); null: the newest.</summary>
    public string? NcpVersion { get; init; }

    /// <summary>Whether NCP load-balances at all (<c>use_native_loadbalancer</c>, a network profile's <c>nsx_lb</c>); without it there are no virtual servers.</summary>
    public bool NativeLoadBalancer { get; init; } = true;

    /// <summary>The OpenShift Routes NCP serves, like <see cref="Ingresses"/>.</summary>
    public IReadOnlyList<PlanIngress> Routes { get; init; } = Array.Empty<PlanIngress>();

    /// <summary>The LoadBalancer custom resources, each with its virtual servers and profile.</summary>
    public IReadOnlyList<PlanLoadBalancer> LoadBalancers { get; init; } = Array.Empty<PlanLoadBalancer>();

    /// <summary>The layer-4 virtual servers against the load balancer's size; null in plans read from older versions.</summary>
    public PlanCapacity? Capacity { get; init; }
}

/// <summary>
/// An NCP LoadBalancer custom resource: a dedicated NSX load balancer of <paramref name="Size"/> with its own pair of
/// layer-7 virtual servers and, when its <c>affinity</c> sets one, its own persistence profile. <paramref name="Active"/>
/// is false when NCP does not act on LoadBalancer resources (<paramref name="Reason"/> says why); it then has no virtual servers.
/// </summary>
public sealed record PlanLoadBalancer(
    string LoadBalancer,
    string Size,
    bool Active,
    string? Reason,
    string? VirtualIp,
    string? Affinity,
    long? TimeoutSeconds,
    string? Profile,
    IReadOnlyList<string> VirtualServers,
    IReadOnlyList<string> Ingresses);

/// <summary>
/// Layer-4 capacity of a cluster: <paramref name="Layer4VirtualServers"/> (one per LoadBalancer Service port) against
/// <paramref name="PerLoadBalancer"/> (what one load balancer of <paramref name="ServiceSize"/> holds for Services),
/// <paramref name="AutoScaling"/> (NCP adds load balancers) and <paramref name="MaxAllowedVirtualServers"/>;
/// <paramref name="LoadBalancers"/> is how many NCP needs, <paramref name="Exceeded"/> whether some ports get no virtual server (NCP2007).
/// </summary>
public sealed record PlanCapacity(
    string ServiceSize,
    PlanOrigin ServiceSizeOrigin,
    bool AutoScaling,
    long? MaxAllowedVirtualServers,
    int Layer4VirtualServers,
    int PerLoadBalancer,
    int LoadBalancers,
    bool Exceeded);

/// <summary>The four persistence settings in force, each with where it came from, and the load-balancing settings the plan depends on.</summary>
public sealed record PlanNcpConfig(PlanSetting L4Persistence, PlanSetting L7Persistence, PlanSetting CookieName, PlanSetting L7PersistenceTimeout)
{
    /// <summary><c>use_native_loadbalancer</c> (effective <c>true</c>/<c>false</c>); null in plans read from older versions.</summary>
    public PlanSetting? UseNativeLoadBalancer { get; init; }

    /// <summary><c>default_ingress_class_nsx</c>.</summary>
    public PlanSetting? DefaultIngressClassNsx { get; init; }

    /// <summary><c>[k8s] enable_lb_crd</c>.</summary>
    public PlanSetting? EnableLbCrd { get; init; }

    /// <summary><c>service_size</c>.</summary>
    public PlanSetting? ServiceSize { get; init; }

    /// <summary><c>l4_lb_auto_scaling</c>.</summary>
    public PlanSetting? L4LbAutoScaling { get; init; }

    /// <summary><c>max_allowed_virtual_servers</c> (effective null: no limit).</summary>
    public PlanSetting? MaxAllowedVirtualServers { get; init; }

    /// <summary>The load-balancing settings, in the order the plan writes them.</summary>
    public IEnumerable<(string Field, PlanSetting? Setting)> Gates()
    {
        yield return ("useNativeLoadBalancer", UseNativeLoadBalancer);
        yield return ("defaultIngressClassNsx", DefaultIngressClassNsx);
        yield return ("enableLbCrd", EnableLbCrd);
        yield return ("serviceSize", ServiceSize);
        yield return ("l4LbAutoScaling", L4LbAutoScaling);
        yield return ("maxAllowedVirtualServers", MaxAllowedVirtualServers);
    }
}

/// <summary>
/// One setting: <paramref name="Value"/> as written (null when unset), <paramref name="Effective"/>
/// what NCP makes of it (<c>source_ip</c>/<c>cookie</c>/<c>none</c>, the cookie name or null for
/// NSX's default, the timeout in seconds as a string), and its origin.
/// </summary>
public sealed record PlanSetting(string Key, string? Value, string? Effective, PlanOrigin Origin);

/// <summary><c>file</c> (repository-relative path and line), <c>override</c> (the option or property name) or <c>default</c>.</summary>
public sealed record PlanOrigin(string Kind, string? File, int? Line, string? Name)
{
    public const string FileKind = "file";
    public const string OverrideKind = "override";
    public const string DefaultKind = "default";

    public static PlanOrigin Default { get; } = new(DefaultKind, null, null, null);

    /// <summary>For a cluster's configuration: what the file is (<c>ncp.ini</c>, <c>ConfigMap</c>, <c>operatorConfigMap</c>, <c>networkProfile</c>); null elsewhere.</summary>
    public string? Format { get; init; }

    public string Describe() => Kind switch
    {
        FileKind => $"{File}:{Line}",
        OverrideKind => $"override {Name}",
        _ => "default",
    };
}

/// <summary>One NSX load-balancer persistence profile and what is bound to it.</summary>
/// <param name="Id">Stable and derived from content: <c>l4-source-ip-default</c>, <c>l4-source-ip-shop-cart</c>, <c>l7-cookie</c>, <c>l7-source-ip</c>.</param>
/// <param name="CookieName">Layer-7 cookie profiles only; null there means NSX's default cookie name.</param>
/// <param name="Services">Layer 4: the bound Services as <c>namespace/name</c>.</param>
/// <param name="Ingresses">Layer 7: the Ingresses whose virtual servers use it.</param>
public sealed record PlanProfile(
    string Id,
    int Layer,
    string Type,
    long TimeoutSeconds,
    bool Shared,
    string? CookieName,
    IReadOnlyList<string> Services,
    IReadOnlyList<string> Ingresses)
{
    /// <summary>In a delta between plans of several clusters: the cluster the entry belongs to; null elsewhere.</summary>
    public string? Cluster { get; init; }

    /// <summary>Layer 7: the OpenShift Routes whose virtual servers use it.</summary>
    public IReadOnlyList<string> Routes { get; init; } = Array.Empty<string>();

    /// <summary>The LoadBalancer resource (<c>namespace/name</c>) the profile belongs to; null for NCP's shared load balancer.</summary>
    public string? LoadBalancer { get; init; }

    public const string SharedL4Id = "l4-source-ip-default";
    public const string SourceIp = "source_ip";
    public const string Cookie = "cookie";

    public bool IsDedicated => Layer == 4 && !Shared;

    /// <summary>What is bound to the profile: Services (layer 4), or Ingresses and Routes (<c>route namespace/name</c>).</summary>
    public IReadOnlyList<string> BoundObjects => Layer == 4 ? Services : Routes.Count == 0 ? Ingresses : Ingresses.Concat(Routes.Select(r => "route " + r)).ToList();
}

/// <summary>
/// A virtual server. Layer 4: one per port of a LoadBalancer Service (<see cref="Service"/>,
/// <see cref="Port"/>, <see cref="Protocol"/>). Layer 7: the shared HTTP (80) and HTTPS (443)
/// virtual servers and the Ingresses each hosts.
/// </summary>
/// <param name="Id"><c>l4-namespace/name:port/PROTOCOL</c>, <c>l7-http</c> or <c>l7-https</c>.</param>
/// <param name="Profile">The persistence profile id, or null for no persistence.</param>
public sealed record PlanVirtualServer(
    string Id,
    int Layer,
    string? Service,
    int Port,
    string Protocol,
    string? PortName,
    IReadOnlyList<string> Ingresses,
    string? Profile)
{
    /// <summary>In a delta between plans of several clusters: the cluster the entry belongs to; null elsewhere.</summary>
    public string? Cluster { get; init; }

    public const string HttpId = "l7-http";
    public const string HttpsId = "l7-https";

    /// <summary>Layer 7: the OpenShift Routes it hosts.</summary>
    public IReadOnlyList<string> Routes { get; init; } = Array.Empty<string>();

    /// <summary>The LoadBalancer resource (<c>namespace/name</c>) it belongs to; null for NCP's shared load balancer.</summary>
    public string? LoadBalancer { get; init; }

    /// <summary>The Ingresses and Routes (<c>route namespace/name</c>) it hosts.</summary>
    public IReadOnlyList<string> HostedObjects => Routes.Count == 0 ? Ingresses : Ingresses.Concat(Routes.Select(r => "route " + r)).ToList();

    public static string L4Id(string service, int port, string protocol) => $"l4-{service}:{port}/{protocol}";

    /// <summary><c>l7-lb-namespace/name-http</c> and <c>-https</c>: the virtual servers of a LoadBalancer resource.</summary>
    public static string LoadBalancerId(string loadBalancer, bool https) => $"l7-lb-{loadBalancer}-{(https ? "https" : "http")}";

}

/// <summary>An Ingress NCP serves: the layer-7 virtual server that hosts it (TLS decides) and the Services it routes to.</summary>
public sealed record PlanIngress(string Ingress, string? IngressClass, bool Tls, string VirtualServer, IReadOnlyList<PlanBackend> Backends);

/// <summary>One backend of an Ingress. <paramref name="ServiceType"/> is null when the Service is not among the analysed manifests.</summary>
public sealed record PlanBackend(string Service, string? Port, string? Host, string? Path, string? ServiceType);

/// <summary>One NCP3001 finding: an NCP-handled Ingress routes to a LoadBalancer Service with source-IP persistence while layer 7 uses cookies.</summary>
/// <param name="L4Source"><c>l4_persistence</c> (the global setting) or <c>sessionAffinity</c> (the Service's own ClientIP affinity).</param>
/// <param name="Suppressed">Whether an in-source suppression covers the finding (the conflict still exists in NSX).</param>
public sealed record PlanConflict(
    string Ingress,
    string Service,
    string FieldPath,
    string? Host,
    string? Path,
    string L4Persistence,
    string L4Source,
    string L7Persistence,
    string? File,
    int? Line,
    bool Suppressed)
{
    /// <summary>In a delta between plans of several clusters: the cluster the entry belongs to; null elsewhere.</summary>
    public string? Cluster { get; init; }

    /// <summary><c>Ingress</c>, or <c>Route</c> (then <see cref="Ingress"/> names the Route).</summary>
    public string Kind { get; init; } = "Ingress";

    /// <summary>The LoadBalancer resource whose virtual server has the layer-7 persistence; null for NCP's shared load balancer.</summary>
    public string? LoadBalancer { get; init; }

    public string Key => Kind == "Ingress" ? $"{Cluster}|{Ingress}|{Service}|{FieldPath}" : $"{Cluster}|{Kind}:{Ingress}|{Service}|{FieldPath}";
}

/// <summary>An Ingress (or Route) NCP does not serve, and why.</summary>
public sealed record PlanSkippedIngress(string Ingress, string? IngressClass, string Reason)
{
    /// <summary>In a delta between plans of several clusters: the cluster the entry belongs to; null elsewhere.</summary>
    public string? Cluster { get; init; }

    /// <summary><c>Ingress</c>, or <c>Route</c> (then <see cref="Ingress"/> names the Route).</summary>
    public string Kind { get; init; } = "Ingress";
}

/// <summary>Counts a reviewer reads first.</summary>
public sealed record PlanSummary(
    int Profiles,
    int SharedProfiles,
    int DedicatedProfiles,
    int Layer7Profiles,
    int VirtualServers,
    int Layer4VirtualServers,
    int Layer7VirtualServers,
    int LoadBalancerServices,
    int NcpIngresses,
    int Conflicts,
    int SkippedIngresses)
{
    /// <summary>The OpenShift Routes NCP serves.</summary>
    public int NcpRoutes { get; init; }

    /// <summary>The LoadBalancer custom resources.</summary>
    public int LoadBalancerResources { get; init; }

    public static PlanSummary Sum(IEnumerable<PlanSummary> summaries) => summaries.Aggregate(
        new PlanSummary(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
        (a, b) => new PlanSummary(
            a.Profiles + b.Profiles, a.SharedProfiles + b.SharedProfiles, a.DedicatedProfiles + b.DedicatedProfiles, a.Layer7Profiles + b.Layer7Profiles,
            a.VirtualServers + b.VirtualServers, a.Layer4VirtualServers + b.Layer4VirtualServers, a.Layer7VirtualServers + b.Layer7VirtualServers,
            a.LoadBalancerServices + b.LoadBalancerServices, a.NcpIngresses + b.NcpIngresses, a.Conflicts + b.Conflicts, a.SkippedIngresses + b.SkippedIngresses)
        {
            NcpRoutes = a.NcpRoutes + b.NcpRoutes,
            LoadBalancerResources = a.LoadBalancerResources + b.LoadBalancerResources,
        });

    public static PlanSummary Of(PlanCluster plan) => new(
        plan.Profiles.Count,
        plan.Profiles.Count(p => p.Layer == 4 && p.Shared),
        plan.Profiles.Count(p => p.IsDedicated),
        plan.Profiles.Count(p => p.Layer == 7),
        plan.VirtualServers.Count,
        plan.VirtualServers.Count(v => v.Layer == 4),
        plan.VirtualServers.Count(v => v.Layer == 7),
        plan.VirtualServers.Where(v => v.Layer == 4).Select(v => v.Service).Distinct(StringComparer.Ordinal).Count(),
        plan.VirtualServers.Where(v => v.Layer == 7).SelectMany(v => v.Ingresses).Distinct(StringComparer.Ordinal).Count(),
        plan.Conflicts.Count,
        plan.Skipped.Count)
    {
        NcpRoutes = plan.Routes.Count,
        LoadBalancerResources = plan.LoadBalancers.Count,
    };
}
