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
    /// <summary>2.0: the plan is per cluster (per NCP configuration scope); 1.x plans (one cluster, at the top level) are still read.</summary>
    public const string CurrentSchemaVersion = "2.0";

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
}

/// <summary>The four persistence settings in force, each with where it came from.</summary>
public sealed record PlanNcpConfig(PlanSetting L4Persistence, PlanSetting L7Persistence, PlanSetting CookieName, PlanSetting L7PersistenceTimeout);

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

    public const string SharedL4Id = "l4-source-ip-default";
    public const string SourceIp = "source_ip";
    public const string Cookie = "cookie";

    public bool IsDedicated => Layer == 4 && !Shared;

    public IReadOnlyList<string> BoundObjects => Layer == 4 ? Services : Ingresses;
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

    public static string L4Id(string service, int port, string protocol) => $"l4-{service}:{port}/{protocol}";

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

    public string Key => $"{Cluster}|{Ingress}|{Service}|{FieldPath}";
}

/// <summary>An Ingress NCP does not serve, and why.</summary>
public sealed record PlanSkippedIngress(string Ingress, string? IngressClass, string Reason)
{
    /// <summary>In a delta between plans of several clusters: the cluster the entry belongs to; null elsewhere.</summary>
    public string? Cluster { get; init; }
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
    public static PlanSummary Sum(IEnumerable<PlanSummary> summaries) => summaries.Aggregate(
        new PlanSummary(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
        (a, b) => new PlanSummary(
            a.Profiles + b.Profiles, a.SharedProfiles + b.SharedProfiles, a.DedicatedProfiles + b.DedicatedProfiles, a.Layer7Profiles + b.Layer7Profiles,
            a.VirtualServers + b.VirtualServers, a.Layer4VirtualServers + b.Layer4VirtualServers, a.Layer7VirtualServers + b.Layer7VirtualServers,
            a.LoadBalancerServices + b.LoadBalancerServices, a.NcpIngresses + b.NcpIngresses, a.Conflicts + b.Conflicts, a.SkippedIngresses + b.SkippedIngresses));

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
        plan.Skipped.Count);
}
